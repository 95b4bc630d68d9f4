package io.switchboard.ops;

import io.switchboard.api.ApiKeys;
import io.switchboard.api.ApiListener;
import io.switchboard.api.ServerApi;
import io.switchboard.auth.ChannelPermissions;
import io.switchboard.auth.JwksTokenVerifier;
import io.switchboard.auth.TokenMinter;
import io.switchboard.bridge.BackendEndpoints;
import io.switchboard.bridge.MethodEndpoint;
import io.switchboard.bridge.ObserveEndpoint;
import io.switchboard.channel.ChannelAddresses;
import io.switchboard.channel.ChannelPublisher;
import io.switchboard.channel.NodeRouting;
import io.switchboard.cluster.ClusterMembership;
import io.switchboard.cluster.HazelcastConfigs;
import io.switchboard.cluster.KeyFingerprint;
import io.switchboard.cluster.MemberEventBus;
import io.switchboard.config.NamespaceConfig;
import io.switchboard.events.GatewayEvents;
import io.switchboard.history.ChannelHistory;
import io.switchboard.history.ChannelStreams;
import io.switchboard.history.HazelcastChannelStreams;
import io.switchboard.history.HistoryPolicy;
import io.switchboard.history.TimedChannelStreams;
import io.switchboard.hooks.BackendHooks;
import io.switchboard.interest.HazelcastInterestTable;
import io.switchboard.interest.InterestTable;
import io.switchboard.interest.TimedInterestTable;
import io.switchboard.presence.HazelcastPresenceStore;
import io.switchboard.presence.PresenceAnnouncer;
import io.switchboard.presence.PresenceTracker;
import io.switchboard.protocol.CloseCode;
import io.switchboard.session.SessionCounters;
import io.switchboard.session.SessionServices;
import io.switchboard.session.UserConnections;
import io.switchboard.tcpbridge.TcpBridge;
import io.switchboard.transport.EdgeCounters;
import io.switchboard.transport.GatewayListener;
import io.switchboard.transport.GatewayVerticle;
import io.switchboard.transport.LoopRegistry;
import io.switchboard.transport.SourceThrottle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One running Switchboard node: a clustered Vert.x (a single node is a cluster of one), the shared
 * services, and one {@link GatewayVerticle} per event loop.
 */
public final class Node {
  private static final Logger LOG = Logger.getLogger(Node.class.getName());
  private static final long MIGRATION_SETTLE_MS = 1000;
  /** How often a starting node asks whether the cluster is safe, until it is (then it may turn ready). */
  private static final long SAFETY_CHECK_MS = 500;

  private final Vertx vertx;
  private final String id;
  private final NodeStats stats;
  private final SessionServices services;
  private final ClusterMembership membership;
  private final BackendEndpoints backends;
  private final NodeRouting routing;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Promise<Void> terminated = Promise.promise();
  private final LoopRegistry loops;
  private Future<Void> shutdown;
  private final AtomicBoolean sweepingStrays = new AtomicBoolean();
  private final AtomicBoolean renewing = new AtomicBoolean();
  private String deploymentId;
  private GatewayListener listener;
  private ApiListener apiListener;
  private TcpBridge tcpBridge;
  private GatewayMetrics metrics;
  private final NodeAdmin admin;
  private long strayTimer = -1;

  private Node(Vertx vertx, String id, NodeStats stats, SessionServices services, ClusterMembership membership,
      BackendEndpoints backends, NodeRouting routing, NodeAdmin admin, LoopRegistry loops) {
    this.loops = loops;
    this.admin = admin;
    this.vertx = vertx;
    this.id = id;
    this.stats = stats;
    this.services = services;
    this.membership = membership;
    this.backends = backends;
    this.routing = routing;
  }

  /**
   * Joins (or forms) the cluster and starts serving. Fails if the configuration cannot be served.
   *
   * @param key the fingerprint of the configured token key, taken before dev mode put a secret of
   *     its own in {@code config}: only nodes with the same one join this node's cluster
   */
  public static Future<Node> start(SwitchboardConfig config, KeyFingerprint key) {
    return start(config, key, UnaryOperator.identity());
  }

  /**
   * Starts a node as above, its channels' streams passed through {@code streams} first: the seam
   * where a test puts a delay or a fault between the node and the cluster's history.
   */
  public static Future<Node> start(SwitchboardConfig config, KeyFingerprint key, UnaryOperator<ChannelStreams> streams) {
    int loops = config.http().effectiveInstances();
    com.hazelcast.config.Config hazelcast = HazelcastConfigs.build(config.cluster(), key);
    hazelcast.getMemberAttributeConfig().setAttribute(ClusterMembership.NAMESPACES_ATTRIBUTE,
        KeyFingerprint.hex(config.namespaces().toString()));
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast);
    VertxOptions options = new VertxOptions()
        .setEventLoopPoolSize(loops)
        .setPreferNativeTransport(true)
        .setEventBusOptions(MemberEventBus.options(config.cluster()));
    // bound to no context: on a failure the node closes its Vert.x, and a future bound to one of its
    // loops would never tell the caller (the loop is gone before the completion can run on it)
    Promise<Node> started = Promise.promise();
    Vertx.builder().with(options).withClusterManager(manager).buildClustered().onComplete(built -> {
      if (built.failed()) {
        started.fail(built.cause());
        return;
      }
      Vertx vertx = built.result();
      vertx.executeBlocking(() -> {
        HazelcastConfigs.createMaps(manager.getHazelcastInstance());
        return null;
      }).compose(made -> deploy(vertx, manager, config, key, streams)).onComplete(deployed -> {
        if (deployed.succeeded()) {
          started.complete(deployed.result());
          return;
        }
        // a node that cannot serve leaves the cluster it joined before it fails: the others see it
        // go at once, and its process can exit right after; off the loops, as in stop()
        CompletableFuture.runAsync(() -> vertx.close().onComplete(closed -> started.fail(deployed.cause())));
      });
    });
    return started.future();
  }

  private static Future<Node> deploy(Vertx vertx, HazelcastClusterManager manager, SwitchboardConfig config,
      KeyFingerprint key, UnaryOperator<ChannelStreams> streams) {
    // Vert.x's node id, which its Hazelcast member carries as an attribute: unlike the member's
    // UUID, which Hazelcast replaces when a member merges back after a split, it never changes, so
    // presence entries (keyed by connection ids that start with it) can always be found again
    String id = manager.getNodeId();
    ChannelHistory history = new ChannelHistory(historyPolicies(config.namespaces()),
        streams.apply(new TimedChannelStreams(
            new HazelcastChannelStreams(vertx, manager.getHazelcastInstance(), HazelcastConfigs.HISTORY_MAP),
            config.streams().timeout())),
        config.streams().gapWait(), config.streams().positionCheck());
    InterestTable interest = new TimedInterestTable(
        new HazelcastInterestTable(vertx, manager.getHazelcastInstance(), HazelcastConfigs.ROUTES_MAP),
        config.streams().timeout());
    NodeRouting routing = NodeRouting.create(vertx, history, interest, id);
    ChannelPublisher publisher = new ChannelPublisher(routing.fanout(), history);
    GatewayEvents events = new GatewayEvents(vertx.eventBus(), id, config.events());
    HazelcastPresenceStore store =
        new HazelcastPresenceStore(vertx, manager.getHazelcastInstance(), HazelcastConfigs.PRESENCE_MAP);
    PresenceTracker presence = new PresenceTracker(store,
        new PresenceAnnouncer(vertx, store, publisher, config.presence()),
        new PresenceTracker.Listener() {
          @Override
          public void joined(String channel, String user) {
            events.join(user, channel);
          }

          @Override
          public void left(String channel, String user, String lostNode) {
            events.leave(user, channel, lostNode);
          }
        });
    SessionServices services = new SessionServices(
        id,
        config.limits(),
        config.auth().authTimeout(),
        JwksTokenVerifier.create(vertx, config.auth()),
        ChannelPermissions.from(config.namespaces()),
        presenceFilter(config.namespaces()),
        presence,
        publisher,
        events,
        new BackendHooks(vertx.eventBus(), config.namespaces(), config.rpc()),
        new UserConnections(),
        new AtomicLong(),
        new AtomicLong(),
        new AtomicBoolean(),
        new SessionCounters());
    Node[] self = new Node[1]; // the membership's callbacks reach the node built below
    ClusterMembership[] members = new ClusterMembership[1];
    ClusterMembership membership = new ClusterMembership(manager.getHazelcastInstance(),
        new LostNodeCleanup(vertx, presence, interest, () -> members[0].oldestDataMember()),
        // retried operations land within a moment of the migration's end; sweep after that
        () -> vertx.setTimer(MIGRATION_SETTLE_MS, t -> {
          if (self[0] != null) {
            self[0].dropStrays();
            self[0].registerInterestAgain("partitions moved");
          }
        }));
    members[0] = membership;
    membership.onRejoin(new SplitHealing(vertx, routing, presence, why -> {
      if (self[0] != null) {
        self[0].registerInterestAgain(why);
      }
    }));
    LoopRegistry registry = new LoopRegistry();
    NodeStats stats = new NodeStats(id, services, routing, registry, membership, config.health());
    EdgeCounters edge = new EdgeCounters();
    SourceThrottle throttle = new SourceThrottle(config.sources());
    GatewayMetrics metrics = new GatewayMetrics(services, routing, membership, edge, stats, config.http().effectiveInstances());
    // dev mode (no key configured: the machine's dev secret): the demo page hands out tokens
    TokenMinter demoMinter = KeyFingerprint.NONE.equals(key) ? TokenMinter.create(vertx, config.auth()) : null;
    HttpEndpoints endpoints = new HttpEndpoints(stats, demoMinter == null ? null
        : user -> demoMinter.mint(user, Duration.ofHours(1), Map.of()));
    NodeAdmin admin = new NodeAdmin(vertx, id, membership, registry, () -> stats.snapshot().put("version", version()),
        period -> self[0].shutdown(period == null ? config.drain().period() : period));
    ServerApi api = new ServerApi(publisher, store, services.permissions()::configures,
        presenceFilter(config.namespaces()), admin);
    BackendEndpoints backends = new BackendEndpoints(List.of(
        new MethodEndpoint(vertx.eventBus(), ChannelAddresses.PUBLISH, api, "publish"),
        new MethodEndpoint(vertx.eventBus(), ChannelAddresses.HISTORY, api, "history"),
        new MethodEndpoint(vertx.eventBus(), ChannelAddresses.DIRECT, api, "direct"),
        new ObserveEndpoint(vertx.eventBus(), interest, routing.mailbox())));
    Node node = new Node(vertx, id, stats, services, membership, backends, routing, admin, registry);
    self[0] = node;
    node.metrics = metrics;
    DeploymentOptions options = new DeploymentOptions().setInstances(config.http().effectiveInstances());
    List<GatewayVerticle> verticles = new CopyOnWriteArrayList<>();
    // the mailbox first: a subscription answered here tells other nodes to send to it
    return routing.mailbox().start().compose(started -> vertx.deployVerticle(() -> {
          GatewayVerticle v = new GatewayVerticle(config.heartbeat(), services, routing, registry);
          verticles.add(v);
          return v;
        }, options))
        .compose(deployment -> {
          node.deploymentId = deployment;
          return ListenFailure.named(GatewayListener.bind(vertx, config.http(), services, endpoints, verticles, throttle,
              edge), "http.port", config.http().host(), config.http().port(), "--http-port");
        })
        .compose(listener -> {
          node.listener = listener;
          stats.listening(listener);
          int apiPort = config.api().effectivePort(config.http().port());
          return ListenFailure.named(ApiListener.bind(vertx, config.api(), apiPort, api, metrics::apiOutcome, Map.of(
                  "/metrics", new ApiListener.Page(HttpEndpoints.PROMETHEUS, metrics::scrape),
                  "/stats", new ApiListener.Page(HttpEndpoints.JSON, () -> stats.snapshot().encode()))),
              "api.port", config.api().host(), apiPort, "--api-port");
        })
        .compose(apiListener -> {
          node.apiListener = apiListener;
          return ListenFailure.named(TcpBridge.start(vertx, config.tcpBridge(), ApiKeys.parse(config.api().keys())),
              "bridge.tcp.port", config.tcpBridge().host(), config.tcpBridge().port(), "--set bridge.tcp.port=PORT");
        })
        .compose(bridge -> {
          node.tcpBridge = bridge;
          if (bridge != null) {
            metrics.bridge(bridge);
          }
          // Hazelcast's listener registrations block until the cluster acknowledges them: off the loop
          return vertx.executeBlocking(() -> {
            membership.start();
            return null;
          });
        })
        .compose(v -> {
          routing.fanout().start(vertx);
          node.awaitClusterSafe(manager.getHazelcastInstance());
          node.strayTimer = vertx.setPeriodic(config.heartbeat().interval().toMillis(), t -> node.presenceUpkeep());
          return Future.join(backends.start(), admin.start());
        })
        .onFailure(err -> metrics.close())
        .map(v -> node);
  }

  /**
   * Asks Hazelcast every half second, off the loops (the check asks every member), whether the
   * cluster is safe, until it first is: then the node may turn ready (see {@link NodeStats#ready}).
   */
  private void awaitClusterSafe(com.hazelcast.core.HazelcastInstance hazelcast) {
    AtomicBoolean asking = new AtomicBoolean();
    long[] timer = {-1};
    timer[0] = vertx.setPeriodic(0, SAFETY_CHECK_MS, t -> {
      if (stopped.get()) {
        vertx.cancelTimer(timer[0]);
        return;
      }
      if (!asking.compareAndSet(false, true)) {
        return;
      }
      vertx.executeBlocking(() -> hazelcast.getPartitionService().isClusterSafe(), false).onComplete(ar -> {
        asking.set(false);
        if (ar.succeeded() && ar.result()) {
          vertx.cancelTimer(timer[0]);
          stats.settled();
        }
      });
    });
  }

  /**
   * Once per heartbeat interval: this node's presence entries that the cluster lost come back (one
   * operation per channel it holds, not per subscription), then those that no session holds go.
   */
  private void presenceUpkeep() {
    if (stopped.get() || !renewing.compareAndSet(false, true)) {
      return;
    }
    services.presence().renewLocal().onComplete(ar -> {
      renewing.set(false);
      if (ar.failed()) {
        LOG.log(Level.FINE, "presence renewal failed; the next one retries", ar.cause());
      } else if (ar.result() > 0) {
        LOG.info(ar.result() + " presence entr(ies) the cluster lost came back");
      }
      dropStrays();
    });
  }

  /** Records every channel and user of this node in the interest table again. */
  private void registerInterestAgain(String why) {
    if (stopped.get() || stats.isDraining()) { // no interest recorded that is about to be withdrawn
      return;
    }
    Future.join(routing.channels().registerAgain(), routing.users().registerAgain()).onComplete(ar -> {
      if (ar.failed()) {
        LOG.log(Level.WARNING, "could not record this node's interest again after " + why, ar.cause());
      }
    });
  }

  /** This node's presence entries that no session holds go. */
  private void dropStrays() {
    if (stopped.get() || !sweepingStrays.compareAndSet(false, true)) {
      return;
    }
    services.presence().dropStrays(id).onComplete(ar -> {
      sweepingStrays.set(false);
      if (ar.failed()) {
        LOG.log(Level.FINE, "stray presence sweep failed; the next one retries", ar.cause());
      } else if (ar.result() > 0) {
        LOG.info("removed " + ar.result() + " stray presence entr(ies) of this node");
      }
    });
  }

  private static Function<String, HistoryPolicy> historyPolicies(List<NamespaceConfig> namespaces) {
    Map<String, HistoryPolicy> byName = new HashMap<>();
    namespaces.forEach(ns -> {
      if (ns.history() != null) {
        byName.put(ns.name(), ns.history());
      }
    });
    return channel -> byName.get(ChannelPermissions.namespaceOf(channel));
  }

  private static Predicate<String> presenceFilter(List<NamespaceConfig> namespaces) {
    Map<String, Boolean> byName = new HashMap<>();
    namespaces.forEach(ns -> byName.put(ns.name(), ns.presence()));
    return channel -> byName.getOrDefault(ChannelPermissions.namespaceOf(channel), false);
  }

  /** The port the WebSocket server listens on. */
  public int port() {
    return stats.port();
  }

  /** The TCP event-bus bridge's port, or -1 when it is off. */
  public int tcpBridgePort() {
    return tcpBridge == null ? -1 : tcpBridge.port();
  }

  /** The port the API listener listens on. */
  public int apiPort() {
    return apiListener.port();
  }

  /** The build's version (the jar's manifest), or "dev" when run from classes. */
  public static String version() {
    String v = Node.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** This node's id in the cluster (Vert.x's node id, kept by its Hazelcast member across merges). */
  public String id() {
    return id;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** This node's routing: its routers, mailbox and fan-out (and through it the interest table). */
  public NodeRouting routing() {
    return routing;
  }

  public NodeStats stats() {
    return stats;
  }

  /** The reason of the 1001 that a drain closes sockets with: a hint to reconnect, to another node. */
  public static final String DRAIN_REASON = "Node draining: reconnect to another node";

  /**
   * Drains, then stops (see {@link #stop}): readiness turns false at once, new sockets are refused
   * with 503, the open ones are closed with 1001 ({@link #DRAIN_REASON}) in even waves over
   * {@code period}, and then the node leaves the cluster. Idempotent: a second call, with whatever
   * period, returns the first one's future.
   */
  public synchronized Future<Void> shutdown(Duration period) {
    if (shutdown == null) {
      shutdown = drain(period).compose(closed -> stop());
    }
    return shutdown;
  }

  /** Completes when the node has stopped, whoever stopped it (a signal, the API's drain, a test). */
  public Future<Void> terminated() {
    return terminated.future();
  }

  private Future<Integer> drain(Duration period) {
    if (stopped.get() || listener == null) {
      return Future.succeededFuture(0);
    }
    stats.draining();
    listener.refuseUpgrades();
    LOG.info("Draining: not ready; closing " + stats.sessions() + " socket(s) with 1001 in waves over "
        + period.toMillis() + " ms, then leaving the cluster");
    long start = System.nanoTime();
    List<Future<Integer>> perLoop = loops.loops().stream()
        .map(loop -> loop.drain(period, CloseCode.GOING_AWAY, DRAIN_REASON)).toList();
    return Future.join(perLoop).map(v -> {
      int closed = perLoop.stream().mapToInt(Future::result).sum();
      LOG.info("Drained: " + closed + " socket(s) closed in " + (System.nanoTime() - start) / 1_000_000 + " ms");
      return closed;
    });
  }

  /**
   * Leaves cleanly: readiness turns false, every socket is closed with 1001 (going away), the
   * node's interest is withdrawn from the interest table and its mailbox and backend addresses
   * unregistered (other nodes stop sending to it), its presence
   * entries are removed in one operation and the leaves announced, and only then does the node
   * leave the cluster, so the other nodes see its users gone at once. Idempotent: every call
   * returns the same future.
   */
  public Future<Void> stop() {
    if (!stopped.compareAndSet(false, true)) {
      return terminated.future();
    }
    services.stopping().set(true);
    stats.draining();
    if (strayTimer >= 0) {
      vertx.cancelTimer(strayTimer);
    }
    routing.fanout().stop(vertx);
    Future<Void> notListening = Future.join(listener == null ? Future.succeededFuture() : listener.close(),
        apiListener == null ? Future.succeededFuture() : apiListener.close(),
        tcpBridge == null ? Future.succeededFuture() : tcpBridge.close()).mapEmpty();
    Future<Void> undeployed = notListening.compose(v ->
        deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId));
    undeployed
        .compose(v -> Future.join(backends.stop(), admin.stop()).<Void>mapEmpty())
        .compose(v -> Future.join(routing.channels().settled(), routing.users().settled()).<Void>mapEmpty())
        .compose(v -> routing.mailbox().stop())
        .compose(v -> services.presence().dropNode(id, false))
        .onFailure(err -> LOG.log(Level.WARNING, "unclean presence removal on stop", err))
        .onComplete(ar -> {
          metrics.close();
          // off the event loops: removing Hazelcast listeners waits for the cluster, and a close
          // started on a loop would complete on that loop, which the close itself shuts down, and
          // the future would never complete
          CompletableFuture.runAsync(() -> {
            membership.stop();
            vertx.close().onComplete(terminated);
          });
        });
    return terminated.future();
  }
}
