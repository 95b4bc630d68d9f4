/**
 * Which nodes want which channels and users: a table of key → node ids that every node reads before
 * it sends a publication or a direct message, and changes when its first subscriber of a channel
 * (or first session of a user) arrives or its last one leaves.
 */
package io.switchboard.interest;
