package io.switchboard.tcpbridge;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.HashMap;
import java.util.Map;

/**
 * One bridged service's connection, confined to its socket's event loop. Frames are read with a
 * length check first: a prefix over {@code maxFrameBytes} is refused before its bytes are read.
 * Every {@code send}, {@code publish} and {@code register} must carry a valid key (unless client
 * certificates authenticate the connection) and name a permitted address; delivery options are
 * the node's, never the frame's (a frame may only shorten its reply wait).
 *
 * <p>A request that reaches a registration (a hook's {@code switchboard.inbound.<ns>}, an {@code
 * rpc}'s {@code switchboard.rpc.<m>}) arrives with a {@code replyAddress} of this connection's own
 * ({@code switchboard.bridge.reply.<n>}); a {@code send} to it, with the key, is the reply, once.
 * At most {@code maxInFlight} wait at once (more are failed with 503 at once), each at most {@code
 * maxRequestTimeout}. Everything it holds (registrations, requests in flight, requests awaiting its
 * replies, which fail with 503) goes when the socket closes, however it closes.
 */
final class BridgeConnection {
  private static final String KEY_HEADER = "apiKey";
  static final String REPLY_PREFIX = "switchboard.bridge.reply.";
  private static final int PREFIX_BYTES = 4;

  private final TcpBridge bridge;
  private final NetSocket socket;
  private final Context context = Vertx.currentContext();
  private final RecordParser parser;
  private final Map<String, MessageConsumer<Object>> registrations = new HashMap<>();
  /** Requests delivered to this service, by the reply address it was given: each awaits its reply. */
  private final Map<String, AwaitedReply> awaitedReplies = new HashMap<>();
  private long lastReplyId;
  private int inFlight;
  /** The frame pace's bucket: may go below zero, which is how long reading pauses. */
  private double tokens;
  private long refilledAt = System.nanoTime();
  private boolean expectingPrefix = true;
  private boolean closed;

  BridgeConnection(TcpBridge bridge, NetSocket socket) {
    this.bridge = bridge;
    this.socket = socket;
    this.parser = RecordParser.newFixed(PREFIX_BYTES, this::record);
  }

  void start() {
    tokens = bridge.config().frameBurst();
    socket.setWriteQueueMaxSize(bridge.config().maxPendingBytes());
    socket.handler(parser);
    socket.closeHandler(v -> release());
    socket.exceptionHandler(err -> socket.close()); // a reset peer: nothing to tell anyone
  }

  private void record(Buffer record) {
    if (closed) {
      return;
    }
    if (expectingPrefix) {
      long length = record.getUnsignedInt(0);
      if (length > bridge.config().maxFrameBytes()) {
        refuse(Refusal.FRAME_TOO_LARGE);
        return;
      }
      if (length == 0) {
        refuse(Refusal.BAD_FRAME);
        return;
      }
      expectingPrefix = false;
      parser.fixedSizeMode((int) length);
      return;
    }
    expectingPrefix = true;
    parser.fixedSizeMode(PREFIX_BYTES);
    bridge.countFrame();
    pace();
    JsonObject frame;
    try {
      frame = new JsonObject(record);
    } catch (DecodeException | ClassCastException e) {
      refuse(Refusal.BAD_FRAME);
      return;
    }
    handle(frame);
  }

  /** Takes a token for one frame; past the burst, stops reading until the pace allows the next one. */
  private void pace() {
    long now = System.nanoTime();
    double perNano = bridge.config().framesPerSecond() / 1e9;
    tokens = Math.min(bridge.config().frameBurst(), tokens + (now - refilledAt) * perNano) - 1;
    refilledAt = now;
    if (tokens < 0) {
      long waitMillis = Math.max(1, (long) Math.ceil(-tokens / perNano / 1e6));
      // both: the socket stops reading, and the parser holds the rest of the chunk it already has
      socket.pause();
      parser.pause();
      bridge.vertx().setTimer(waitMillis, t -> {
        if (!closed) {
          parser.resume();
          socket.resume();
        }
      });
    }
  }

  private void handle(JsonObject frame) {
    Object type = frame.getValue("type");
    if ("ping".equals(type)) {
      write(new JsonObject().put("type", "pong"));
      return;
    }
    if (!(type instanceof String t) || !(t.equals("send") || t.equals("publish") || t.equals("register")
        || t.equals("unregister"))) {
      refuse(Refusal.UNKNOWN_TYPE);
      return;
    }
    if (!(frame.getValue("address") instanceof String address) || address.isEmpty()) {
      refuse(Refusal.MISSING_ADDRESS);
      return;
    }
    Object headers = frame.getValue("headers");
    if (headers != null && !(headers instanceof JsonObject)) {
      refuse(Refusal.BAD_FRAME);
      return;
    }
    JsonObject h = headers == null ? new JsonObject() : (JsonObject) headers;
    if (!bridge.authenticated(h.getValue(KEY_HEADER) instanceof String key ? key : null)) {
      refuse(Refusal.UNAUTHORIZED);
      return;
    }
    if (t.equals("send") && awaitedReplies.containsKey(address)) {
      reply(address, frame.getValue("body"));
      return;
    }
    switch (t) {
      case "send", "publish" -> {
        if (!bridge.permits(t, address)) {
          refuse(Refusal.ACCESS_DENIED);
          return;
        }
        Object reply = frame.getValue("replyAddress");
        if (reply != null && !(reply instanceof String)) {
          refuse(Refusal.BAD_FRAME);
          return;
        }
        DeliveryOptions options = deliveryOptions(h);
        if (t.equals("publish")) {
          bridge.vertx().eventBus().publish(address, frame.getValue("body"), options);
        } else if (reply == null) {
          bridge.vertx().eventBus().send(address, frame.getValue("body"), options);
        } else {
          request(address, (String) reply, frame.getValue("body"), options);
        }
      }
      case "register" -> register(address);
      default -> unregister(address);
    }
  }

  private void request(String address, String replyAddress, Object body, DeliveryOptions options) {
    if (inFlight >= bridge.config().maxInFlight()) {
      refuse(Refusal.TOO_MANY_REQUESTS);
      return;
    }
    inFlight++;
    bridge.vertx().eventBus().request(address, body, options).onComplete(ar -> {
      inFlight--;
      if (closed) {
        return;
      }
      if (ar.succeeded()) {
        write(message(replyAddress, ar.result(), true));
      } else {
        JsonObject err = new JsonObject().put("type", "err").put("address", replyAddress).put("sourceAddress", address);
        if (ar.cause() instanceof ReplyException e) {
          err.put("failureCode", e.failureCode()).put("failureType", e.failureType().name());
        }
        write(err.put("message", String.valueOf(ar.cause().getMessage())));
      }
    });
  }

  private void register(String address) {
    if (!bridge.permits("register", address)) {
      refuse(Refusal.ACCESS_DENIED);
      return;
    }
    if (registrations.containsKey(address)) {
      return; // once is enough: a second registration would deliver everything twice
    }
    if (registrations.size() >= bridge.config().maxRegistrations()) {
      refuse(Refusal.TOO_MANY_REGISTRATIONS);
      return;
    }
    registrations.put(address, bridge.vertx().eventBus().consumer(address, m -> deliver(address, m)));
  }

  private void unregister(String address) {
    MessageConsumer<Object> consumer = registrations.remove(address);
    if (consumer == null) {
      refuse(Refusal.UNKNOWN_ADDRESS);
    } else {
      consumer.unregister();
    }
  }

  private void deliver(String address, Message<Object> m) {
    if (closed || !bridge.permits("register", address)) {
      return;
    }
    if (socket.writeQueueFull()) {
      refuse(Refusal.SLOW_CONSUMER);
      return;
    }
    JsonObject frame = message(address, m, m.isSend());
    if (m.replyAddress() != null && m.isSend()) {
      if (awaitedReplies.size() >= bridge.config().maxInFlight()) {
        m.fail(503, "the bridged service has too many requests awaiting its replies");
        return;
      }
      String replyAddress = REPLY_PREFIX + ++lastReplyId;
      long timer = bridge.vertx().setTimer(bridge.config().maxRequestTimeout().toMillis(),
          t -> awaitedReplies.remove(replyAddress)); // the requester gave up by now
      awaitedReplies.put(replyAddress, new AwaitedReply(m, timer));
      frame.put("replyAddress", replyAddress);
    }
    write(frame);
  }

  /** The service's reply to a request it was delivered: to the requester, once. */
  private void reply(String replyAddress, Object body) {
    AwaitedReply awaited = awaitedReplies.remove(replyAddress);
    bridge.vertx().cancelTimer(awaited.timer());
    awaited.request().reply(body);
  }

  private record AwaitedReply(Message<Object> request, long timer) {
  }

  private static JsonObject message(String address, Message<Object> m, boolean send) {
    JsonObject headers = new JsonObject();
    m.headers().forEach(e -> headers.put(e.getKey(), e.getValue()));
    return new JsonObject().put("type", "message").put("address", address).put("headers", headers)
        .put("send", send).put("body", m.body());
  }

  /** The node's delivery options: the frame's string headers (not its key), and at most the longest wait. */
  private DeliveryOptions deliveryOptions(JsonObject headers) {
    long max = bridge.config().maxRequestTimeout().toMillis();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(max);
    headers.forEach(e -> {
      if (e.getKey().equals("timeout") && e.getValue() instanceof Number n) {
        options.setSendTimeout(Math.max(1, Math.min(max, n.longValue())));
      } else if (!e.getKey().equals(KEY_HEADER) && e.getValue() instanceof String v) {
        options.addHeader(e.getKey(), v);
      }
    });
    return options;
  }

  /** Answers {@code err} with the refusal, counts it, and closes the socket when the refusal does. */
  void refuse(Refusal refusal) {
    bridge.count(refusal);
    if (closed) {
      return;
    }
    write(new JsonObject().put("type", "err").put("message", refusal.wire()));
    if (refusal.closes()) {
      close();
    }
  }

  private void write(JsonObject frame) {
    Buffer json = frame.toBuffer();
    socket.write(Buffer.buffer(PREFIX_BYTES + json.length()).appendInt(json.length()).appendBuffer(json));
  }

  /** Closes from any thread: on the connection's loop. */
  void closeFromOutside() {
    context.runOnContext(v -> close());
  }

  private void close() {
    if (!closed) {
      closed = true;
      socket.pause();
      socket.close();
    }
    release();
  }

  /** The one clean-up: registrations go, the bridge forgets the connection. Idempotent. */
  private void release() {
    closed = true;
    registrations.values().forEach(MessageConsumer::unregister);
    registrations.clear();
    awaitedReplies.values().forEach(awaited -> {
      bridge.vertx().cancelTimer(awaited.timer());
      awaited.request().fail(503, "the bridged service disconnected before it replied");
    });
    awaitedReplies.clear();
    bridge.closed(this);
  }
}
