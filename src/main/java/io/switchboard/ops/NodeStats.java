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
  private final long loopStallNanos;
  private volatile GatewayListener listener;
  private volatile boolean draining;
  /** Set once the cluster was first seen safe after this node joined (every partition's replicas in place). */
  private volatile boolean settled;

  NodeStats(String nodeId, SessionServices services, NodeRouting routing, LoopRegistry loops,
      ClusterMembership membership, HealthConfig health) {
    this.loopStallNanos = health.loopStall().toNanos();
    this.nodeId = nodeId;
    this.services = services;
    this.routing = routing;
    this.loops = loops;
    this.membership = membership;
  }

  void listening(GatewayListener listener) {
    this.listener = listener;
  }

  /** The cluster was seen safe: from now on readiness no longer waits for it. */
  void settled() {
    settled = true;
  }

  void draining() {
    draining = true;
  }

  /** Whether the node drains or stops: it is leaving. */
  boolean isDraining() {
    return draining;
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

  /**
   * Whether the node should get traffic: joined to its cluster, not stopping, and, once after it
   * started, the cluster seen safe (every partition's replicas in place, the migrations its joining
   * caused done). So an orchestrator that waits for readiness before it stops the next node (a
   * rolling restart) never takes a partition's last up-to-date copy away while it is moving.
   */
  public boolean ready() {
    return !draining && settled && membership.joined();
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

  /**
   * The body of {@code /health/live}: {@code live} is false while any one event loop's timer is
   * overdue by {@code health.loopStall} (a stuck loop), whichever loop answers the probe; {@code
   * loopLagMs} lists each loop's lag.
   */
  public JsonObject liveness() {
    long now = System.nanoTime();
    io.vertx.core.json.JsonArray lags = new io.vertx.core.json.JsonArray();
    boolean live = true;
    for (io.switchboard.session.SessionLoop loop : loops.loops()) {
      long lag = loop.lagNanos(now);
      live &= lag < loopStallNanos;
      lags.add(lag / 1_000_000);
    }
    return new JsonObject().put("live", live).put("loopLagMs", lags);
  }

  /** The event loops with sessions, in deployment order (their lags are gauges). */
  public java.util.List<io.switchboard.session.SessionLoop> sessionLoops() {
    return loops.loops();
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
