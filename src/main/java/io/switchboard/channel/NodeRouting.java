package io.switchboard.channel;

import io.switchboard.history.ChannelHistory;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A node's two routing tables: sessions by channel ({@code switchboard.channel.<name>}) and by user
 * ({@code switchboard.user.<id>}, direct messages), each with its counts.
 */
public record NodeRouting(ChannelRouter channels, ChannelGauges channelGauges, ChannelRouter users, ChannelGauges userGauges) {
  /** Routing where no channel keeps history. */
  public static NodeRouting create(Vertx vertx) {
    return create(vertx, ChannelHistory.NONE);
  }

  /** Routing that delivers the channels with history in offset order. */
  public static NodeRouting create(Vertx vertx, ChannelHistory history) {
    return new NodeRouting(ChannelRouter.forChannels(vertx, history), new ChannelGauges(),
        ChannelRouter.forUsers(vertx), new ChannelGauges());
  }

  /** A new channel index for the event loop of {@code context}. */
  public LoopChannelIndex channelIndex(Context context) {
    return new LoopChannelIndex(context, channels, channelGauges);
  }

  /** A new user index for the event loop of {@code context}. */
  public LoopChannelIndex userIndex(Context context) {
    return new LoopChannelIndex(context, users, userGauges);
  }
}
