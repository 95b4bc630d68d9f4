package io.switchboard.channel;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A node's two routing tables: sessions by channel ({@code switchboard.channel.<name>}) and by user
 * ({@code switchboard.user.<id>}, direct messages), each with its counts.
 */
public record NodeRouting(ChannelRouter channels, ChannelGauges channelGauges, ChannelRouter users, ChannelGauges userGauges) {
  public static NodeRouting create(Vertx vertx) {
    return new NodeRouting(ChannelRouter.forChannels(vertx), new ChannelGauges(),
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
