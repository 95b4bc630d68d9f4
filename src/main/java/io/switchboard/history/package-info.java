/**
 * Channel streams: every publication in a channel whose namespace keeps history gets the next
 * offset of that channel's stream, from one atomic place in the cluster, and is kept, bounded by
 * size and age, for recovery and history queries. A stream's epoch changes whenever its history is
 * lost, so a stale position is never mistaken for a current one. {@link ChannelStreams} is the
 * seam, with an in-memory twin and the cluster's implementation under one contract test.
 */
package io.switchboard.history;
