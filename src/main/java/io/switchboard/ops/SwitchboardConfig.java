package io.switchboard.ops;

import io.switchboard.api.ApiConfig;
import io.switchboard.auth.AuthConfig;
import io.switchboard.auth.ChannelPermissions;
import io.switchboard.cluster.ClusterConfig;
import io.switchboard.config.ConfigSection;
import io.switchboard.config.NamespaceConfig;
import io.switchboard.history.StreamChecks;
import io.switchboard.hooks.RpcConfig;
import io.switchboard.logging.LogConfig;
import io.switchboard.presence.PresenceConfig;
import io.switchboard.session.HeartbeatConfig;
import io.switchboard.session.SessionLimits;
import io.switchboard.tcpbridge.TcpBridgeConfig;
import io.switchboard.transport.HttpConfig;
import io.switchboard.transport.SourceLimits;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole, validated configuration of a node. Each section is the record of the package that uses
 * it; {@code conf/switchboard.yaml} documents every option with its default.
 */
public record SwitchboardConfig(
    HttpConfig http,
    ApiConfig api,
    TcpBridgeConfig tcpBridge,
    SourceLimits sources,
    AuthConfig auth,
    SessionLimits limits,
    HeartbeatConfig heartbeat,
    PresenceConfig presence,
    ClusterConfig cluster,
    boolean events,
    List<NamespaceConfig> namespaces,
    StreamChecks streams,
    RpcConfig rpc,
    DrainConfig drain,
    HealthConfig health,
    LogConfig log) {

  public SwitchboardConfig {
    namespaces = List.copyOf(namespaces);
    ChannelPermissions.from(namespaces); // validates every rule now, not on the first subscribe
  }

  /** Reads and validates a configuration tree (the merged YAML, environment and flags). */
  public static SwitchboardConfig fromJson(JsonObject root) {
    ConfigSection s = ConfigSection.of("", root, "http", "api", "bridge", "sources", "auth", "limits", "heartbeat", "presence", "cluster",
        "events", "namespaces", "streams", "rpc", "drain", "health", "log");
    List<NamespaceConfig> namespaces = new ArrayList<>();
    for (JsonObject ns : s.sections("namespaces")) {
      namespaces.add(NamespaceConfig.fromJson(ns));
    }
    return new SwitchboardConfig(
        HttpConfig.from(s),
        ApiConfig.from(s),
        TcpBridgeConfig.from(s),
        SourceLimits.from(s),
        AuthConfig.fromJson(root.getJsonObject("auth")),
        SessionLimits.from(s),
        HeartbeatConfig.from(s),
        PresenceConfig.from(s),
        ClusterConfig.from(s),
        s.section("events", "enabled").bool("enabled", true),
        namespaces,
        StreamChecks.from(s),
        RpcConfig.from(s),
        DrainConfig.from(s),
        HealthConfig.from(s),
        LogConfig.from(s));
  }

  public SwitchboardConfig withAuth(AuthConfig next) {
    return new SwitchboardConfig(http, api, tcpBridge, sources, next, limits, heartbeat, presence, cluster, events,
        namespaces, streams, rpc, drain, health, log);
  }

  public SwitchboardConfig withHttp(HttpConfig next) {
    return new SwitchboardConfig(next, api, tcpBridge, sources, auth, limits, heartbeat, presence, cluster, events,
        namespaces, streams, rpc, drain, health, log);
  }

  public SwitchboardConfig withApi(ApiConfig next) {
    return new SwitchboardConfig(http, next, tcpBridge, sources, auth, limits, heartbeat, presence, cluster, events,
        namespaces, streams, rpc, drain, health, log);
  }
}
