/**
 * Configuration primitives shared by every package: typed, validated section reads, durations, and
 * the error that stops a node with a clear message. Each package owns the record of its own options;
 * {@code io.switchboard.ops} composes them.
 */
package io.switchboard.config;
