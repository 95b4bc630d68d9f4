package io.switchboard.channel;

import io.switchboard.history.Appended;
import io.switchboard.history.ChannelHistory;
import io.switchboard.history.HistoryPolicy;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.vertx.core.Future;
import io.vertx.core.json.Json;

/**
 * Sends a frame to every subscriber of a channel, or every session of a user, on every node, through
 * the node's {@link Fanout}: encoded once, to the nodes that want it only. A publication on a channel
 * that keeps history is appended to its stream first, and sent with the place it got there.
 */
public final class ChannelPublisher {
  private final Fanout fanout;
  private final ChannelHistory history;

  public ChannelPublisher(Fanout fanout) {
    this(fanout, ChannelHistory.NONE);
  }

  public ChannelPublisher(Fanout fanout, ChannelHistory history) {
    this.fanout = fanout;
    this.history = history;
  }

  /** Sends {@code frame} as it is (a presence delta: no place in the stream). */
  public void publish(String channel, ServerFrame frame) {
    fanout.toChannel(channel, FrameCodec.encode(frame));
  }

  /**
   * Sends a channel's presence list read at {@code version}: every node delivers it to the channel's
   * subscribers unless it delivered a list of a later version already (lists read at different
   * moments by different nodes reach a third in no particular order).
   */
  public void publishPresence(ServerFrame.Presence frame, long version) {
    fanout.presenceToChannel(frame.channel(), FrameCodec.encode(frame), version);
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

  /** Sends a {@code direct} frame to every live session of {@code userId}, on every node. */
  public void direct(String userId, Object content, String sender) {
    fanout.toUser(userId, FrameCodec.encode(new ServerFrame.Direct(content, sender)));
  }

  /** Which channels keep history, and their streams. */
  public ChannelHistory history() {
    return history;
  }
}
