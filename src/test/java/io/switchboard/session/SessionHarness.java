package io.switchboard.session;

import static org.awaitility.Awaitility.await;

import io.switchboard.auth.AuthException;
import io.switchboard.auth.AuthFailure;
import io.switchboard.auth.ChannelPermissions;
import io.switchboard.auth.Identity;
import io.switchboard.auth.TokenVerifier;
import io.switchboard.channel.ChannelGauges;
import io.switchboard.channel.ChannelPublisher;
import io.switchboard.channel.ChannelRouter;
import io.switchboard.channel.LoopChannelIndex;
import io.switchboard.channel.NodeRouting;
import io.switchboard.events.GatewayEvents;
import io.switchboard.hooks.BackendHooks;
import io.switchboard.presence.PresenceTracker;
import java.util.concurrent.atomic.AtomicBoolean;
import io.switchboard.config.NamespaceConfig;
import io.switchboard.presence.MemoryPresenceStore;
import io.switchboard.presence.PresenceAnnouncer;
import io.switchboard.presence.PresenceConfig;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.ServerFrame;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.core.ConditionFactory;

/**
 * The services of one node and one event loop, built by hand around a real (local) Vert.x event
 * bus, for sessions over a {@link FakeTransport}. Namespaces: {@code ""} open to every user with
 * presence; {@code quiet} open to every user without presence (no announcements between frames);
 * {@code news} readable by all, writable by nobody; anything else closed.
 */
final class SessionHarness implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);

  final Vertx vertx = Vertx.vertx();
  final Context context = vertx.getOrCreateContext();
  final NodeRouting routing = NodeRouting.create(vertx);
  final ChannelGauges gauges = routing.channelGauges();
  final ChannelRouter router = routing.channels();
  final LoopChannelIndex index = routing.channelIndex(context);
  final MemoryPresenceStore presence = new MemoryPresenceStore();
  final ChannelPublisher publisher = new ChannelPublisher(routing.fanout());
  final PresenceAnnouncer announcer =
      new PresenceAnnouncer(vertx, presence, publisher, new PresenceConfig(Duration.ofMillis(20), 100));
  final UserConnections userConnections = new UserConnections();
  final SessionLoop loop;
  final SessionServices services;
  private final Map<String, Identity> tokens = new ConcurrentHashMap<>();
  private final AtomicInteger tokenIds = new AtomicInteger();

  SessionHarness() {
    this(SessionLimits.DEFAULTS, Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  SessionHarness(SessionLimits limits) {
    this(limits, Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  SessionHarness(SessionLimits limits, Duration authTimeout, Duration heartbeat) {
    this(limits, authTimeout, heartbeat, null);
  }

  /** @param verifier the token verifier, null for the harness's own ({@link #token}) */
  SessionHarness(SessionLimits limits, Duration authTimeout, Duration heartbeat, TokenVerifier verifier) {
    List<NamespaceConfig> namespaces = List.of(
        new NamespaceConfig("", List.of("authenticated"), List.of("authenticated"), true),
        new NamespaceConfig("quiet", List.of("authenticated"), List.of("authenticated"), false),
        new NamespaceConfig("news", List.of("authenticated"), List.of(), false));
    Predicate<String> presenceEnabled = channel -> ChannelPermissions.namespaceOf(channel).isEmpty();
    TokenVerifier tokenVerifier = verifier != null ? verifier : token -> {
      Identity who = token == null ? null : tokens.get(token);
      return who != null ? Future.succeededFuture(who)
          : Future.failedFuture(new AuthException(AuthFailure.BAD_SIGNATURE, "not a token of this test"));
    };
    PresenceTracker tracker = new PresenceTracker(presence, announcer, new PresenceTracker.Listener() {
      @Override
      public void joined(String channel, String user) {}

      @Override
      public void left(String channel, String user, String lostNode) {}
    });
    services = new SessionServices("node-1", limits, authTimeout, tokenVerifier, ChannelPermissions.from(namespaces),
        presenceEnabled, tracker, publisher, new GatewayEvents(vertx.eventBus(), "node-1", true),
        BackendHooks.none(vertx.eventBus()), userConnections,
        new AtomicLong(), new AtomicLong(), new AtomicBoolean(), new SessionCounters());
    loop = new SessionLoop(vertx, index, routing.userIndex(context), new HeartbeatConfig(heartbeat), authTimeout);
  }

  /** Awaits a condition, polling often: a session test waits for many small things. */
  static ConditionFactory eventually() {
    return await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
  }

  /** A token the harness's verifier accepts for {@code user}, valid for an hour. */
  String token(String user) {
    return token(user, Instant.now().plus(Duration.ofHours(1)));
  }

  /** A token for {@code user} that expires at {@code expiresAt}. */
  String token(String user, Instant expiresAt) {
    String token = "token-" + tokenIds.incrementAndGet() + "-" + user;
    tokens.put(token, new Identity(user, new JsonObject().put("sub", user), expiresAt));
    return token;
  }

  /** Runs {@code task} on the loop's context and waits for its result. */
  <T> T onLoop(Supplier<T> task) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> {
      try {
        done.complete(task.get());
      } catch (Throwable t) {
        done.fail(t);
      }
    });
    try {
      return done.future().await(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the event loop did not run the task in " + WAIT, e);
    }
  }

  void run(Runnable task) {
    onLoop(() -> {
      task.run();
      return null;
    });
  }

  /** Starts the loop's heartbeat and auth-timeout timer. */
  void startTimers() {
    run(loop::start);
  }

  /** A new session awaiting authentication. */
  FakeTransport connect() {
    FakeTransport transport = new FakeTransport();
    transport.session = onLoop(() -> new Session(transport, services, loop));
    return transport;
  }

  /** A new session authenticated as {@code user} with an {@code auth} first frame. */
  FakeTransport open(String user) {
    FakeTransport transport = connect();
    send(transport, new JsonObject().put("type", "auth").put("token", token(user)));
    awaitFrame(transport, "ack");
    return transport;
  }

  void send(FakeTransport transport, JsonObject frame) {
    run(() -> transport.session.onText(frame.encode()));
  }

  /** Subscribes and waits for the {@code subscribed} reply. */
  void subscribe(FakeTransport transport, String channel) {
    send(transport, new JsonObject().put("type", "subscribe").put("channel", channel));
    eventually().until(() -> transport.framesOfType("subscribed").stream()
        .anyMatch(f -> channel.equals(f.getString("channel"))));
  }

  /** Publishes a message to the channel's subscribers, as a backend would. */
  void publish(String channel, Object content) {
    publisher.publish(channel, new ServerFrame.Message(channel, content, "backend"));
  }

  /** Waits for the first frame of {@code type} and returns it. */
  JsonObject awaitFrame(FakeTransport transport, String type) {
    return awaitFrame(transport, f -> type.equals(f.getString("type")));
  }

  JsonObject awaitFrame(FakeTransport transport, Predicate<JsonObject> match) {
    eventually().until(() -> transport.frames.stream().anyMatch(match));
    return transport.frames.stream().filter(match).findFirst().orElseThrow();
  }

  FakeTransport.Close awaitClose(FakeTransport transport) {
    eventually().until(() -> !transport.closes.isEmpty());
    return transport.closed();
  }

  @Override
  public void close() {
    run(() -> loop.stop(CloseCode.GOING_AWAY, "test over"));
    vertx.close().await();
  }
}
