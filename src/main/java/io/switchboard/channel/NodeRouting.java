package io.switchboard.channel;

import io.switchboard.history.ChannelHistory;
import io.switchboard.interest.InterestTable;
import io.switchboard.interest.MemoryInterestTable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A node's routing: its sessions by channel and by user (direct messages), each with its counts; the
 * mailbox where other nodes' frames arrive; the fan-out that sends frames to the nodes that want
 * them; and the order of the presence lists it delivers.
 */
public record NodeRouting(ChannelRouter channels, ChannelGauges channelGauges, ChannelRouter users,
    ChannelGauges userGauges, NodeMailbox mailbox, Fanout fanout, PresenceOrder presenceOrder) {
  /** Routing on one node without a cluster, where no channel keeps history. */
  public static NodeRouting create(Vertx vertx) {
    return create(vertx, ChannelHistory.NONE, new MemoryInterestTable(), "local");
  }

  /**
   * Routing through {@code table}, for the node {@code self}, that delivers the channels with history
   * in offset order. The caller starts the {@link #mailbox()} before the node serves anyone.
   */
  public static NodeRouting create(Vertx vertx, ChannelHistory history, InterestTable table, String self) {
    NodeMailbox mailbox = new NodeMailbox(vertx, self);
    ChannelRouter channels = ChannelRouter.forChannels(vertx, history, table, mailbox);
    ChannelRouter users = ChannelRouter.forUsers(vertx, table, mailbox);
    Fanout fanout = new Fanout(table, mailbox, vertx.eventBus());
    PresenceOrder presenceOrder = new PresenceOrder();
    mailbox.deliverTo(envelope -> {
      switch (envelope.kind()) {
        case CHANNEL -> channels.deliver(envelope.name(), envelope.frame());
        case PRESENCE -> {
          if (presenceOrder.admit(envelope.name(), envelope.version())) {
            channels.deliver(envelope.name(), envelope.frame());
          }
        }
        default -> users.deliver(envelope.name(), envelope.frame());
      }
    }, fanout::invalidate);
    return new NodeRouting(channels, new ChannelGauges(), users, new ChannelGauges(), mailbox, fanout, presenceOrder);
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
