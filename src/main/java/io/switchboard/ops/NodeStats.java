package io.switchboard.ops;

import io.switchboard.channel.ChannelGauges;
import io.switchboard.channel.ChannelRouter;
import io.switchboard.session.SessionServices;
import io.switchboard.transport.LoopRegistry;
import io.vertx.core.json.JsonObject;

/**
 * The node's counts of everything a session can hold. With no client connected every count but
 * {@code loops} is zero: the clean-up tests and the benchmark's churn scenario check exactly that.
 */
public final class NodeStats {
  private final String nodeId;
  private final SessionServices services;
  private final ChannelGauges gauges;
  private final ChannelRouter router;
  private final LoopRegistry loops;

  NodeStats(String nodeId, SessionServices services, ChannelGauges gauges, ChannelRouter router, LoopRegistry loops) {
    this.nodeId = nodeId;
    this.services = services;
    this.gauges = gauges;
    this.router = router;
    this.loops = loops;
  }

  /** The counts, as served on {@code /stats}. */
  public JsonObject snapshot() {
    return new JsonObject()
        .put("node", nodeId)
        .put("sessions", services.sessions().get())
        .put("subscriptions", gauges.subscriptions.get())
        .put("channels", gauges.loopChannels.get())
        .put("consumers", router.consumerCount())
        .put("presenceEntries", services.presence().localEntries())
        .put("userConnections", services.userConnections().users())
        .put("pendingPresence", services.announcer().pendingChannels());
  }

  /** Live sessions on this node. */
  public long sessions() {
    return services.sessions().get();
  }

  /** Event loops serving sessions. */
  public int loops() {
    return loops.loops().size();
  }
}
