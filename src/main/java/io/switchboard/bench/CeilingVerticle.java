package io.switchboard.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One event loop of the ceiling server: an HTTP server (port shared by all instances) with its own
 * channel index. A publication is encoded once and written to this loop's subscribers; other loops
 * get it through one local event-bus consumer each. In a ceiling cluster, it is also published once
 * on {@link #CLUSTER_ADDRESS}, where every loop of every other node has a consumer. No auth, no
 * presence, no limits.
 */
public final class CeilingVerticle extends AbstractVerticle {

  /** Event-bus address shared by all instances. */
  static final String FANOUT_ADDRESS = "ceiling.fanout";
  /** Clustered address every loop of every ceiling node consumes (only in a ceiling cluster). */
  static final String CLUSTER_ADDRESS = "ceiling.cluster";

  /** Server-wide counters shown on {@code /stats}. */
  public static final class Counters {
    final AtomicLong sessions = new AtomicLong();
    final AtomicLong subscriptions = new AtomicLong();
    final AtomicLong channels = new AtomicLong();
    /** Which event loops (bit per verticle id) have subscribers of a channel. */
    final java.util.concurrent.ConcurrentHashMap<String, Long> interest = new java.util.concurrent.ConcurrentHashMap<>();
    /** Cluster members this node sees (one when not clustered). */
    volatile java.util.function.IntSupplier members = () -> 1;

    JsonObject toJson() {
      return new JsonObject()
          .put("sessions", sessions.get())
          .put("subscriptions", subscriptions.get())
          .put("channelEntries", channels.get());
    }
  }

  /** A publication crossing to other event loops (passed by reference: local only). */
  record Fanout(int origin, String channel, String frame) {}

  /** Local codec passing {@link Fanout} by reference. */
  static final class FanoutCodec implements MessageCodec<Fanout, Fanout> {
    @Override
    public void encodeToWire(Buffer buffer, Fanout f) {
      throw new UnsupportedOperationException("local only");
    }

    @Override
    public Fanout decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException("local only");
    }

    @Override
    public Fanout transform(Fanout f) {
      return f;
    }

    @Override
    public String name() {
      return "ceiling-fanout";
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }

  private final Counters counters;
  private final String host;
  private final int port;
  private final int id;
  private final boolean crossLoop;
  /** This node's id in a ceiling cluster; null when not clustered. */
  private final String nodeId;
  private final Map<String, List<ServerWebSocket>> index = new HashMap<>();
  private final DeliveryOptions localOnly = new DeliveryOptions().setLocalOnly(true);
  private long nextConn;

  CeilingVerticle(Counters counters, String host, int port, int id, boolean crossLoop, String nodeId) {
    this.counters = counters;
    this.host = host;
    this.port = port;
    this.id = id;
    this.crossLoop = crossLoop;
    this.nodeId = nodeId;
  }

  @Override
  public void start(Promise<Void> started) {
    if (crossLoop) {
      vertx.eventBus().<Fanout>localConsumer(FANOUT_ADDRESS, m -> {
        Fanout f = m.body();
        if (f.origin() != id) {
          deliverLocal(f.channel(), f.frame());
        }
      });
    }
    Future<Void> registered = Future.succeededFuture();
    if (nodeId != null) {
      registered = vertx.eventBus().<String>consumer(CLUSTER_ADDRESS, m -> {
        if (!nodeId.equals(m.headers().get("origin"))) { // the origin node's loops have it already
          deliverLocal(m.headers().get("channel"), m.body());
        }
      }).completion();
    }
    HttpServerOptions opts = new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setReusePort(true)
        .setTcpNoDelay(true)
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false);
    HttpServer server = vertx.createHttpServer(opts);
    server.webSocketHandler(this::onSocket);
    server.requestHandler(req -> {
      if (req.path().equals("/stats")) {
        req.response().putHeader("content-type", "application/json").end(counters.toJson().encode());
      } else if (req.path().equals("/members")) {
        // not in /stats, whose numbers churn expects back at zero
        req.response().putHeader("content-type", "application/json")
            .end(new JsonObject().put("members", counters.members.getAsInt()).encode());
      } else {
        req.response().setStatusCode(404).end();
      }
    });
    registered.compose(v -> server.listen()).<Void>mapEmpty().onComplete(started);
  }

  private void onSocket(ServerWebSocket ws) {
    if (!ws.path().equals("/ws")) {
      ws.close((short) 1008, "not found");
      return;
    }
    counters.sessions.incrementAndGet();
    String sender = "c" + id + "-" + (nextConn++);
    Set<String> mine = new HashSet<>();
    ws.textMessageHandler(text -> onText(ws, sender, mine, text));
    ws.closeHandler(v -> {
      counters.sessions.decrementAndGet();
      for (String ch : mine) {
        remove(ch, ws);
      }
      mine.clear();
    });
  }

  private void onText(ServerWebSocket ws, String sender, Set<String> mine, String text) {
    JsonObject f;
    try {
      f = new JsonObject(text);
    } catch (RuntimeException e) {
      ws.writeTextMessage("{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"not JSON\"}");
      return;
    }
    String type = f.getString("type", "");
    Object ref = f.getValue("ref");
    String channel = f.getString("channel");
    switch (type) {
      case "subscribe" -> {
        if (mine.add(channel)) {
          List<ServerWebSocket> list = index.computeIfAbsent(channel, c -> {
            counters.channels.incrementAndGet();
            if (crossLoop) {
              counters.interest.merge(c, 1L << id, (a, b) -> a | b);
            }
            return new ArrayList<>();
          });
          list.add(ws);
          counters.subscriptions.incrementAndGet();
        }
        ws.writeTextMessage(reply("subscribed", channel, ref));
      }
      case "unsubscribe" -> {
        if (mine.remove(channel)) {
          remove(channel, ws);
        }
        ws.writeTextMessage(reply("unsubscribed", channel, ref));
      }
      case "message" -> {
        String frame = new JsonObject()
            .put("type", "message")
            .put("channel", channel)
            .put("content", f.getValue("content"))
            .put("sender", sender)
            .encode();
        deliverLocal(channel, frame);
        Long loops = crossLoop ? counters.interest.get(channel) : null;
        if (loops != null && (loops & ~(1L << id)) != 0) {
          vertx.eventBus().publish(FANOUT_ADDRESS, new Fanout(id, channel, frame), localOnly);
        }
        if (nodeId != null) {
          vertx.eventBus().publish(CLUSTER_ADDRESS, frame,
              new DeliveryOptions().addHeader("channel", channel).addHeader("origin", nodeId));
        }
        if (ref != null) {
          ws.writeTextMessage(new JsonObject().put("type", "ack").put("ref", ref).encode());
        }
      }
      case "ping" -> ws.writeTextMessage("{\"type\":\"pong\"}");
      default -> ws.writeTextMessage(
          new JsonObject().put("type", "error").put("code", "unknown_type").put("ref", ref).encode());
    }
  }

  private static String reply(String type, String channel, Object ref) {
    JsonObject r = new JsonObject().put("type", type).put("channel", channel);
    if (ref != null) {
      r.put("ref", ref);
    }
    return r.encode();
  }

  private void deliverLocal(String channel, String frame) {
    List<ServerWebSocket> list = index.get(channel);
    if (list == null) {
      return;
    }
    for (int i = 0, n = list.size(); i < n; i++) {
      list.get(i).writeTextMessage(frame);
    }
  }

  private void remove(String channel, ServerWebSocket ws) {
    List<ServerWebSocket> list = index.get(channel);
    if (list != null && list.remove(ws)) {
      counters.subscriptions.decrementAndGet();
      if (list.isEmpty()) {
        index.remove(channel);
        counters.channels.decrementAndGet();
        if (crossLoop) {
          counters.interest.computeIfPresent(channel, (c, m) -> (m & ~(1L << id)) == 0 ? null : m & ~(1L << id));
        }
      }
    }
  }
}
