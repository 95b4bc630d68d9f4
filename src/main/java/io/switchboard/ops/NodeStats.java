package io.switchboard.ops;

import io.switchboard.channel.NodeRouting;
import io.switchboard.cluster.ClusterMembership;
import io.switchboard.session.SessionServices;
import io.switchboard.transport.GatewayListener;
import io.switchboard.transport.LoopRegistry;
import io.vertx.core.json.JsonObject;

/**
 * The node's counts of everything a session can hold, and its health. With no client connected
 * every count is zero: the clean-up tests and the benchmark's churn scenario check exactly that.
 */
public final class NodeStats {
  private final String nodeId;
  private final SessionServices services;
  private final NodeRouting routing;
  private final LoopRegistry loops;
  private final ClusterMembership membership;
  private volatile GatewayListener listener;
  private volatile boolean draining;

  NodeStats(String nodeId, SessionServices services, NodeRouting routing, LoopRegistry loops,
      ClusterMembership membership) {
    this.nodeId = nodeId;
    this.services = services;
    this.routing = routing;
    this.loops = loops;
    this.membership = membership;
  }

  void listening(GatewayListener listener) {
    this.listener = listener;
  }

  void draining() {
    draining = true;
  }

  int port() {
    return listener.port();
  }

  /** The counts, as served on {@code /stats}. */
  public JsonObject snapshot() {
    return new JsonObject()
        .put("node", nodeId)
        .put("sessions", services.sessions().get())
        .put("subscriptions", routing.channelGauges().subscriptions.get())
        .put("channels", routing.channelGauges().loopChannels.get())
        .put("consumers", routing.channels().consumerCount())
        .put("userRoutes", routing.userGauges().subscriptions.get())
        .put("userConsumers", routing.users().consumerCount())
        .put("presenceEntries", services.presence().store().localEntries())
        .put("userConnections", services.userConnections().users())
        .put("pendingPresence", services.presence().announcer().pendingChannels())
        .put("sessionsPerLoop", new io.vertx.core.json.JsonArray(
            loops.loops().stream().map(io.switchboard.session.SessionLoop::sessionCount).toList()));
  }

  /** Whether the node should get traffic: joined to its cluster and not stopping. */
  public boolean ready() {
    return !draining && membership.joined();
  }

  /** The body of {@code /health}. */
  public JsonObject health() {
    boolean joined = membership.joined();
    return new JsonObject()
        .put("status", draining ? "DRAINING" : joined ? "UP" : "DOWN")
        .put("node", nodeId)
        .put("sessions", services.sessions().get())
        .put("cluster", new JsonObject()
            .put("name", membership.clusterName())
            .put("joined", joined)
            .put("members", membership.members()));
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
