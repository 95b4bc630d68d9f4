package io.switchboard.channel;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.vertx.core.eventbus.EventBus;

/**
 * Sends a frame to every subscriber of a channel on every node, by publishing its JSON form on the
 * channel's address. Nodes without subscribers of the channel have no consumer and receive nothing.
 */
public final class ChannelPublisher {
  private final EventBus eventBus;

  public ChannelPublisher(EventBus eventBus) {
    this.eventBus = eventBus;
  }

  /** Publishes {@code frame} (a message or a presence announcement) to the channel's subscribers. */
  public void publish(String channel, ServerFrame frame) {
    eventBus.publish(ChannelAddresses.channel(channel), FrameCodec.toJson(frame));
  }
}
