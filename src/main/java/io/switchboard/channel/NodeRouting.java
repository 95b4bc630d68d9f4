package io.switchboard.channel;

import io.switchboard.history.ChannelHistory;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A node's two routing tables: sessions by channel ({@code switchboard.channel.<name>}) and by user
 * ({@code switchboard.user.<id>}, direct messages), each with its counts.
 */
public record NodeRouting(ChannelRouter channels, ChannelGauges channelGauges, ChannelRouter users, ChannelGauges userGauges,
    RouteCheck routeCheck) {
  /** Routing on one node without a cluster, where no channel keeps history. */
  public static NodeRouting create(Vertx vertx) {
    return create(vertx, ChannelHistory.NONE, RouteCheck.NONE);
  }

  /**
   * Routing that delivers the channels with history in offset order, and answers a subscription
   * once every other node routes to this one ({@code routeCheck}, started by the caller).
   */
  public static NodeRouting create(Vertx vertx, ChannelHistory history, RouteCheck routeCheck) {
    return new NodeRouting(ChannelRouter.forChannels(vertx, history, routeCheck), new ChannelGauges(),
        ChannelRouter.forUsers(vertx, routeCheck), new ChannelGauges(), routeCheck);
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
