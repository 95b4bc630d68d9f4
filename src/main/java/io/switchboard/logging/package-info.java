/**
 * Logging that a client cannot flood: unexpected failures are logged a bounded number of times per
 * interval; expected client errors are metrics, not log lines.
 */
package io.switchboard.logging;
