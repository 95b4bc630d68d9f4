/**
 * The fan-out path. A publication is encoded once and sent, by the node's
 * {@link io.switchboard.channel.Fanout}, to the mailbox ({@code switchboard.node.<id>}) of each node
 * that the interest table says wants the channel; each such node's
 * {@link io.switchboard.channel.ChannelRouter} records its interest once per channel and hands the
 * same bytes to each event loop with subscribers once; each loop's
 * {@link io.switchboard.channel.LoopChannelIndex} writes them to its own sockets, so no socket is
 * written from another thread. Direct messages take the same path with a user's key.
 */
package io.switchboard.channel;
