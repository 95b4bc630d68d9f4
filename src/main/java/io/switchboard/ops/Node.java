package io.switchboard.ops;

import io.switchboard.auth.ChannelPermissions;
import io.switchboard.auth.JwtTokenVerifier;
import io.switchboard.channel.ChannelGauges;
import io.switchboard.channel.ChannelPublisher;
import io.switchboard.channel.ChannelRouter;
import io.switchboard.config.NamespaceConfig;
import io.switchboard.presence.MemoryPresenceStore;
import io.switchboard.presence.PresenceAnnouncer;
import io.switchboard.presence.PresenceStore;
import io.switchboard.session.SessionServices;
import io.switchboard.session.UserConnections;
import io.switchboard.transport.GatewayVerticle;
import io.switchboard.transport.LoopRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One running Switchboard node: the Vert.x instance, the shared services and one
 * {@link GatewayVerticle} per event loop. {@link #stop()} closes every socket with 1001 (going away)
 * before it releases the rest.
 */
public final class Node {
  private final Vertx vertx;
  private final String id;
  private final NodeStats stats;
  private final List<GatewayVerticle> verticles;

  private Node(Vertx vertx, String id, NodeStats stats, List<GatewayVerticle> verticles) {
    this.vertx = vertx;
    this.id = id;
    this.stats = stats;
    this.verticles = verticles;
  }

  /** Starts a node with a validated configuration that has a key (see {@link DevMode}). */
  public static Future<Node> start(SwitchboardConfig config) {
    int loops = config.http().effectiveInstances();
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true))
        .build();
    return deploy(vertx, config).onFailure(err -> vertx.close());
  }

  private static Future<Node> deploy(Vertx vertx, SwitchboardConfig config) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    ChannelGauges gauges = new ChannelGauges();
    ChannelRouter router = new ChannelRouter(vertx);
    ChannelPublisher publisher = new ChannelPublisher(vertx.eventBus());
    PresenceStore presence = new MemoryPresenceStore();
    PresenceAnnouncer announcer = new PresenceAnnouncer(vertx, presence, publisher, config.presence());
    UserConnections users = new UserConnections();
    SessionServices services = new SessionServices(
        id,
        config.limits(),
        config.auth().authTimeout(),
        JwtTokenVerifier.create(vertx, config.auth()),
        ChannelPermissions.from(config.namespaces()),
        presenceFilter(config.namespaces()),
        presence,
        announcer,
        publisher,
        users,
        new AtomicLong(),
        new AtomicLong());
    LoopRegistry registry = new LoopRegistry();
    NodeStats stats = new NodeStats(id, services, gauges, router, registry);
    HttpEndpoints endpoints = new HttpEndpoints(stats);
    List<GatewayVerticle> verticles = new CopyOnWriteArrayList<>();
    DeploymentOptions options = new DeploymentOptions().setInstances(config.http().effectiveInstances());
    return vertx.deployVerticle(() -> {
      GatewayVerticle v = new GatewayVerticle(config.http(), config.heartbeat(), services, router, gauges,
          endpoints::handle, registry);
      verticles.add(v);
      return v;
    }, options).map(deploymentId -> new Node(vertx, id, stats, verticles));
  }

  private static Predicate<String> presenceFilter(List<NamespaceConfig> namespaces) {
    Map<String, Boolean> byName = new HashMap<>();
    namespaces.forEach(ns -> byName.put(ns.name(), ns.presence()));
    return channel -> byName.getOrDefault(ChannelPermissions.namespaceOf(channel), false);
  }

  /** The port the WebSocket server listens on. */
  public int port() {
    return verticles.get(0).actualPort();
  }

  public String id() {
    return id;
  }

  public Vertx vertx() {
    return vertx;
  }

  public NodeStats stats() {
    return stats;
  }

  /** Closes every socket with 1001, stops the servers and Vert.x. */
  public Future<Void> stop() {
    return vertx.close();
  }
}
