package io.switchboard.ops;

import io.switchboard.api.ClusterNodes;
import io.switchboard.channel.LoopChannelIndex;
import io.switchboard.cluster.ClusterMembership;
import io.switchboard.protocol.CloseCode;
import io.switchboard.session.Session;
import io.switchboard.session.SessionLoop;
import io.switchboard.transport.LoopRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * This node's part of {@link ClusterNodes}: it answers commands on {@code switchboard.admin.<node
 * id>} (one registration per node) by acting on its own sessions, each on its own event loop, and
 * asks every other gateway the same. The commands come from the API of any node, so what a
 * backend does through one node reaches every node.
 */
final class NodeAdmin implements ClusterNodes {
  static final String PREFIX = "switchboard.admin.";
  static final long ASK_TIMEOUT_MS = 5000;

  private final Vertx vertx;
  private final String self;
  private final ClusterMembership membership;
  private final LoopRegistry loops;
  private final Supplier<JsonObject> info;
  private final Function<Duration, Future<Void>> shutdown;
  private MessageConsumer<Object> consumer;

  /**
   * @param info this node's counts, for {@code info}
   * @param shutdown drains this node over the period given (null: the configured one) and stops it
   */
  NodeAdmin(Vertx vertx, String self, ClusterMembership membership, LoopRegistry loops, Supplier<JsonObject> info,
      Function<Duration, Future<Void>> shutdown) {
    this.shutdown = shutdown;
    this.vertx = vertx;
    this.self = self;
    this.membership = membership;
    this.loops = loops;
    this.info = info;
  }

  Future<Void> start() {
    consumer = vertx.eventBus().consumer(PREFIX + self, this::answer);
    return consumer.completion();
  }

  Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  @Override
  public String self() {
    return self;
  }

  @Override
  public Future<JsonObject> ask(String node, JsonObject command) {
    if (node.equals(self)) {
      return run(command);
    }
    if (!membership.dataNodes().contains(node)) {
      return Future.failedFuture(new java.util.NoSuchElementException("no gateway node '" + node + "' in the cluster"));
    }
    return vertx.eventBus().<JsonObject>request(PREFIX + node, command, new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS))
        .map(Message::body);
  }

  @Override
  public Future<List<JsonObject>> askAll(JsonObject command) {
    DeliveryOptions ask = new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS);
    List<Future<JsonObject>> answers = new ArrayList<>();
    for (String node : membership.dataNodes()) {
      answers.add(node.equals(self) ? run(command)
          : vertx.eventBus().<JsonObject>request(PREFIX + node, command, ask).map(Message::body)
              .otherwise(err -> new JsonObject().put("node", node).put("unreachable", true)));
    }
    return Future.join(answers).map(v -> answers.stream().map(Future::result).toList());
  }

  private void answer(Message<Object> request) {
    if (!(request.body() instanceof JsonObject command)) {
      request.fail(400, "a command is a JSON object");
      return;
    }
    run(command).onComplete(ar -> {
      if (ar.succeeded()) {
        request.reply(ar.result());
      } else {
        request.fail(400, ar.cause().getMessage());
      }
    });
  }

  /** Runs one command on this node's sessions. */
  private Future<JsonObject> run(JsonObject command) {
    String op = command.getString("op", "");
    return switch (op) {
      case "info" -> Future.succeededFuture(info.get());
      case "disconnect" -> {
        CloseCode code = CloseCode.of(command.getInteger("code", (int) CloseCode.FORBIDDEN.code()))
            .orElse(CloseCode.FORBIDDEN);
        String reason = command.getString("reason", "");
        yield sessionsOf(command.getString("user"), session -> {
          session.close(code, reason);
          return true;
        });
      }
      case "unsubscribe" -> {
        String channel = command.getString("channel");
        yield sessionsOf(command.getString("user"), session -> session.unsubscribeByServer(channel));
      }
      case "channels" -> channels(command.getString("pattern", "*"), command.getInteger("limit", 100));
      case "drain" -> {
        Long periodMs = command.getLong("periodMs");
        int sessions = loops.loops().stream().mapToInt(SessionLoop::sessionCount).sum();
        // answered at once: the drain runs on, and ends with this node leaving the cluster
        shutdown.apply(periodMs == null ? null : Duration.ofMillis(periodMs));
        yield Future.succeededFuture(new JsonObject().put("node", self).put("draining", true).put("sessions", sessions));
      }
      default -> Future.failedFuture("unknown op '" + op + "'");
    };
  }

  /** Applies {@code action} to every session of {@code user} on this node; counts those it applied to. */
  private Future<JsonObject> sessionsOf(String user, Function<Session, Boolean> action) {
    List<Future<Integer>> perLoop = new ArrayList<>();
    for (SessionLoop loop : loops.loops()) {
      // every authenticated session, whether or not its user's route is active yet
      perLoop.add(onLoop(loop.index(), () -> {
        int n = 0;
        for (Session session : loop.sessionsOf(user)) {
          if (action.apply(session)) {
            n++;
          }
        }
        return n;
      }));
    }
    return Future.all(perLoop).map(v -> new JsonObject().put("node", self)
        .put("sessions", perLoop.stream().mapToInt(Future::result).sum()));
  }

  private Future<JsonObject> channels(String pattern, int limit) {
    Pattern matcher = glob(pattern);
    List<Future<Map<String, Integer>>> perLoop = new ArrayList<>();
    for (SessionLoop loop : loops.loops()) {
      perLoop.add(onLoop(loop.index(), () -> {
        Map<String, Integer> counts = new HashMap<>();
        loop.index().countChannels(name -> matcher.matcher(name).matches(), counts, limit);
        return counts;
      }));
    }
    return Future.all(perLoop).map(v -> {
      JsonObject channels = new JsonObject();
      for (Future<Map<String, Integer>> f : perLoop) {
        f.result().forEach((name, n) -> {
          if (channels.containsKey(name) || channels.size() < limit) {
            channels.put(name, channels.getInteger(name, 0) + n);
          }
        });
      }
      return new JsonObject().put("node", self).put("channels", channels);
    });
  }

  /** A pattern where {@code *} stands for any characters and everything else for itself. */
  static Pattern glob(String pattern) {
    List<String> parts = new ArrayList<>();
    for (String part : pattern.split("\\*", -1)) {
      parts.add(part.isEmpty() ? "" : Pattern.quote(part));
    }
    return Pattern.compile(String.join(".*", parts), Pattern.DOTALL);
  }

  private static <T> Future<T> onLoop(LoopChannelIndex index, Supplier<T> work) {
    Promise<T> done = Promise.promise();
    index.context().runOnContext(v -> {
      try {
        done.complete(work.get());
      } catch (RuntimeException e) {
        done.fail(e);
      }
    });
    return done.future();
  }
}
