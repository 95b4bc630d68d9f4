/**
 * The fan-out path. A publication goes onto the event-bus address {@code switchboard.channel.<name>};
 * each node with subscribers has one reference-counted consumer there
 * ({@link io.switchboard.channel.ChannelRouter}), which encodes the frame once and hands the same
 * bytes to each event loop with subscribers once; each loop's
 * {@link io.switchboard.channel.LoopChannelIndex} writes them to its own sockets, so no socket is
 * written from another thread.
 */
package io.switchboard.channel;
