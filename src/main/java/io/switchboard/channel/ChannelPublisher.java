package io.switchboard.channel;

import io.switchboard.history.Appended;
import io.switchboard.history.ChannelHistory;
import io.switchboard.history.HistoryPolicy;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.Json;

/**
 * Sends a frame to every subscriber of a channel on every node, by publishing its JSON form on the
 * channel's address. Nodes without subscribers of the channel have no consumer and receive nothing.
 * A publication on a channel that keeps history is appended to its stream first, and published
 * with the place it got there.
 */
public final class ChannelPublisher {
  private final EventBus eventBus;
  private final ChannelHistory history;

  public ChannelPublisher(EventBus eventBus) {
    this(eventBus, ChannelHistory.NONE);
  }

  public ChannelPublisher(EventBus eventBus, ChannelHistory history) {
    this.eventBus = eventBus;
    this.history = history;
  }

  /** Publishes {@code frame} as it is (a presence announcement: no place in the stream). */
  public void publish(String channel, ServerFrame frame) {
    eventBus.publish(ChannelAddresses.channel(channel), FrameCodec.toJson(frame));
  }

  /**
   * Publishes one message. On a channel with history the future completes once the message is
   * stored, with its place ({@link Appended#repeated()}: {@code idempotencyKey} named one already
   * stored, and nothing was stored again); without history it completes at once with null, and
   * the key is not looked at. Results come back on the caller's context.
   */
  public Future<Appended> publishMessage(String channel, Object content, String sender, String idempotencyKey) {
    HistoryPolicy policy = history.policyOf(channel);
    if (policy == null) {
      publish(channel, new ServerFrame.Message(channel, content, sender));
      return Future.succeededFuture();
    }
    return history.streams().append(channel, sender, Json.encode(content), idempotencyKey, policy).map(appended -> {
      // a repeat is published again: the first answer may never have come back (its node died before
      // publishing it), and every node drops an offset it has already delivered
      publish(channel, new ServerFrame.Message(channel, content, sender,
          appended.position().offset(), appended.position().epoch()));
      return appended;
    });
  }

  /** Which channels keep history, and their streams. */
  public ChannelHistory history() {
    return history;
  }
}
