/**
 * How the node's log records are written: one text line each, or one JSON object per line for
 * log shippers ({@code log.format}); Hazelcast's and Vert.x's records go the same way.
 */
package io.switchboard.logging;
