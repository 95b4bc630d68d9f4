package io.switchboard.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.channel.NodeRouting;
import io.switchboard.cluster.ClusterMembership;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.session.SessionCounters;
import io.switchboard.session.SessionLoop;
import io.switchboard.session.SessionServices;
import io.switchboard.tcpbridge.Refusal;
import io.switchboard.tcpbridge.TcpBridge;
import io.switchboard.transport.EdgeCounters;
import io.switchboard.transport.HttpRejection;
import java.util.List;

/**
 * The node's metrics in the Prometheus text format, served on {@code GET /metrics}. Every meter
 * reads a count the node keeps anyway (gauges and adders), so nothing on the delivery path pays for
 * metrics beyond one addition per batch.
 */
final class GatewayMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** The one JVM binder that holds something (listeners on the collectors): closed with the node. */
  private final JvmGcMetrics gc = new JvmGcMetrics();

  GatewayMetrics(SessionServices services, NodeRouting routing, ClusterMembership membership, EdgeCounters edge,
      NodeStats stats, int loops) {
    registry.config().commonTags("node", services.nodeId());
    jvm(stats, loops);
    Gauge.builder("switchboard.sessions", services.sessions(), n -> n.get())
        .description("live WebSocket sessions").register(registry);
    Gauge.builder("switchboard.subscriptions", routing.channelGauges().subscriptions, n -> n.get())
        .description("active (session, channel) subscriptions").register(registry);
    Gauge.builder("switchboard.channel.consumers", routing.channels(), r -> r.consumerCount())
        .description("channels this node receives (one entry each in the interest table)").register(registry);
    Gauge.builder("switchboard.presence.entries", services.presence().store(), s -> s.localEntries())
        .description("presence entries held for this node's connections").register(registry);
    Gauge.builder("switchboard.cluster.members", membership, m -> m.members())
        .description("cluster members this node sees").register(registry);
    FunctionCounter.builder("switchboard.deliveries", routing.channelGauges().deliveries, a -> a.sum())
        .description("frames written to channel subscribers").register(registry);
    SessionCounters counters = services.counters();
    FunctionCounter.builder("switchboard.connections.opened", counters, c -> c.opened())
        .description("WebSocket connections accepted").register(registry);
    FunctionCounter.builder("switchboard.connections.terminated", counters, c -> c.terminated())
        .description("connections dropped for a missed heartbeat").register(registry);
    FunctionCounter.builder("switchboard.publications", counters, c -> c.published())
        .description("client publications accepted").register(registry);
    FunctionCounter.builder("switchboard.frames.dropped", counters, c -> c.droppedFrames())
        .description("inbound control frames and fragments dropped for the rate limit").register(registry);
    FunctionCounter.builder("switchboard.stream.breaks", counters, c -> c.streamBreaks())
        .description("subscriptions ended with a resubscribe frame (a stream gap or epoch change)").register(registry);
    FunctionCounter.builder("switchboard.routes.lost", routing.fanout(), f -> f.lost())
        .description("frames not sent: their nodes could not be read from the interest table in time").register(registry);
    FunctionCounter.builder("switchboard.routes.sent", routing.fanout(), f -> f.sent())
        .description("envelopes sent to other nodes' mailboxes (one per publication and node that wants it)")
        .register(registry);
    FunctionCounter.builder("switchboard.routes.unwanted", routing, r -> r.channels().unwantedFrames() + r.users().unwantedFrames())
        .description("frames that arrived for a channel or user this node no longer wants (sent before it left)")
        .register(registry);
    FunctionCounter.builder("switchboard.hazelcast.map.operations", membership, m -> m.mapOperations())
        .description("operations this member executed on the map entries it owns, every map and multimap").register(registry);
    FunctionCounter.builder("switchboard.routes.reads", routing.fanout(), f -> f.reads())
        .description("reads of a channel's or user's nodes from the interest table (a frame with no copy of them)")
        .register(registry);
    FunctionCounter.builder("switchboard.routes.invalidations.unconfirmed", routing.mailbox(), m -> m.unconfirmed())
        .description("nodes that did not confirm dropping their copy of a key's nodes in time (frozen or lagging)")
        .register(registry);
    FunctionCounter.builder("switchboard.pauses", routing.fanout(), f -> f.pauses())
        .description("pauses of this process noticed (a freeze or a long GC; each drops every copy of the interest table)")
        .register(registry);
    FunctionCounter.builder("switchboard.presence.stale", routing.presenceOrder(), o -> o.stale())
        .description("presence lists not delivered: a later one of the channel had been (lists of several nodes cross)")
        .register(registry);
    FunctionCounter.builder("switchboard.routes.malformed", routing.mailbox(), m -> m.malformed())
        .description("messages on this node's mailbox that were not envelopes").register(registry);
    for (boolean recovered : new boolean[] {true, false}) {
      FunctionCounter.builder("switchboard.recoveries", counters, c -> c.recoveries(recovered))
          .tag("recovered", Boolean.toString(recovered))
          .description("subscribes with since, by their answer").register(registry);
    }
    for (HttpRejection reason : HttpRejection.values()) {
      FunctionCounter.builder("switchboard.http.rejections", edge, e -> e.rejections(reason))
          .tag("reason", reason.label())
          .description("HTTP requests and upgrades refused before any session, by reason").register(registry);
    }
    for (CloseCode code : CloseCode.values()) {
      FunctionCounter.builder("switchboard.closes", counters, c -> c.closes(code))
          .tag("code", Integer.toString(code.code()))
          .description("sessions closed by the server, by close code").register(registry);
    }
    for (ErrorCode code : ErrorCode.values()) {
      FunctionCounter.builder("switchboard.errors", counters, c -> c.errors(code))
          .tag("code", code.wire())
          .description("error frames sent, by error code").register(registry);
    }
  }

  /**
   * What a dashboard expects of any JVM service (Micrometer's binders: memory pools and buffers,
   * GC pauses and promotion, threads, classes, CPU, open and maximum file descriptors, uptime),
   * and each event loop's lag ({@code switchboard_event_loop_lag_seconds{loop}}: how late its
   * timer runs, or how overdue it is while the loop is stuck).
   */
  private void jvm(NodeStats stats, int loops) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    for (int i = 0; i < loops; i++) {
      int index = i;
      Gauge.builder("switchboard.event.loop.lag", stats, s -> {
        List<SessionLoop> running = s.sessionLoops();
        return index < running.size() ? running.get(index).lagNanos(System.nanoTime()) / 1e9 : Double.NaN;
      }).tag("loop", Integer.toString(i)).baseUnit("seconds")
          .description("how late the event loop's timer runs (while a loop is stuck, how overdue it is)").register(registry);
    }
  }

  @Override
  public void close() {
    gc.close();
  }

  /** The current values in the Prometheus text exposition format. */
  String scrape() {
    return registry.scrape();
  }

  /** The TCP bridge's meters, once it listens. */
  void bridge(TcpBridge bridge) {
    Gauge.builder("switchboard.bridge.connections", bridge, b -> b.connections())
        .description("TCP event-bus bridge connections").register(registry);
    FunctionCounter.builder("switchboard.bridge.frames", bridge, b -> b.frames())
        .description("frames received on the TCP event-bus bridge").register(registry);
    for (Refusal r : Refusal.values()) {
      FunctionCounter.builder("switchboard.bridge.refusals", bridge, b -> b.refusals(r)).tag("reason", r.wire())
          .description("bridge frames or connections refused, by reason").register(registry);
    }
  }

  /** One API call's outcome: {@code switchboard_api_requests_total{method, status}} (a closed set of labels). */
  void apiOutcome(String method, int status) {
    Counter.builder("switchboard.api.requests").description("server API calls, by method and HTTP status")
        .tag("method", method).tag("status", Integer.toString(status)).register(registry).increment();
  }
}
