package io.switchboard.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client for tests: frames land in a queue that the test thread reads with
 * timeouts, never with fixed sleeps.
 */
public final class TestClient implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 15;

  private final WebSocket socket;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final Promise<Closed> closed = Promise.promise();

  /** How the server closed the socket. */
  public record Closed(Short code, String reason) {}

  private TestClient(WebSocket socket) {
    this.socket = socket;
    if (socket.isClosed()) {
      // the server closed right after the handshake (a bad token in the URL) and both arrived in
      // one read: the socket was closed before this runs, and takes no handlers any more
      closed.tryComplete(new Closed(socket.closeStatusCode(), socket.closeReason()));
      return;
    }
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    socket.closeHandler(v -> closed.tryComplete(new Closed(socket.closeStatusCode(), socket.closeReason())));
  }

  /** One shared client per test class; close it after. */
  public static WebSocketClient client(Vertx vertx) {
    return vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(100_000)
        .setMaxMessageSize(16 * 1024 * 1024)
        .setMaxFrameSize(16 * 1024 * 1024));
  }

  /** Connects with the token in the query string (the seed's way). */
  public static TestClient connect(WebSocketClient client, int port, String token) {
    return connect(client, port, "/ws?token=" + token, List.of());
  }

  public static TestClient connect(WebSocketClient client, int port, String uri, List<String> subprotocols) {
    return await(connectAsync(client, port, uri, subprotocols));
  }

  public static Future<TestClient> connectAsync(WebSocketClient client, int port, String uri, List<String> subprotocols) {
    return connectAsync(client, "127.0.0.1", port, uri, subprotocols);
  }

  /** Connects to a node at {@code host} (one in a network namespace of the test's) with the token in the query. */
  public static TestClient connect(WebSocketClient client, String host, int port, String token) {
    return await(connectAsync(client, host, port, "/ws?token=" + token, List.of()));
  }

  public static Future<TestClient> connectAsync(WebSocketClient client, String host, int port, String uri,
      List<String> subprotocols) {
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost(host).setPort(port).setURI(uri).setSubProtocols(subprotocols)
        .setAllowOriginHeader(false); // like most non-browser clients
    return client.connect(options).map(TestClient::new);
  }

  public WebSocket socket() {
    return socket;
  }

  public TestClient send(JsonObject frame) {
    await(socket.writeTextMessage(frame.encode()));
    return this;
  }

  public TestClient sendText(String text) {
    await(socket.writeTextMessage(text));
    return this;
  }

  public TestClient sendBinary(Buffer data) {
    await(socket.writeBinaryMessage(data));
    return this;
  }

  /** The next frame, whatever it is. */
  public JsonObject next() {
    try {
      JsonObject frame = frames.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertNotNull(frame, "no frame within " + TIMEOUT_SECONDS + " s");
      return frame;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The next frame that is not a presence announcement; it must be of {@code type}. */
  public JsonObject next(String type) {
    while (true) {
      JsonObject frame = next();
      if (isPresence(frame) && !isPresenceType(type)) {
        continue;
      }
      assertEquals(type, frame.getString("type"), () -> "unexpected frame " + frame.encode());
      return frame;
    }
  }

  /** Skips frames until one matches. */
  public JsonObject until(Predicate<JsonObject> wanted) {
    while (true) {
      JsonObject frame = next();
      if (wanted.test(frame)) {
        return frame;
      }
    }
  }

  /** The frames that arrive within {@code millis} (at least the first one waits that long), in order. */
  public List<JsonObject> poll(long millis) {
    List<JsonObject> out = new java.util.ArrayList<>();
    try {
      JsonObject first = frames.poll(millis, TimeUnit.MILLISECONDS);
      if (first != null) {
        out.add(first);
        frames.drainTo(out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  /** The frames received so far and not yet read. */
  public List<JsonObject> drain() {
    List<JsonObject> out = new java.util.ArrayList<>();
    frames.drainTo(out);
    return out;
  }

  public boolean hasPending() {
    return !frames.isEmpty();
  }

  /** Subscribes and waits for {@code subscribed}. */
  public TestClient subscribe(String channel) {
    send(new JsonObject().put("type", "subscribe").put("channel", channel));
    JsonObject reply = next("subscribed");
    assertEquals(channel, reply.getString("channel"));
    return this;
  }

  public TestClient publish(String channel, Object content) {
    return send(new JsonObject().put("type", "message").put("channel", channel).put("content", content));
  }

  /** Waits for the server to close the socket. */
  public Closed awaitClose() {
    return await(closed.future());
  }

  /** Completes when the server has closed the socket, on the client's event loop. */
  public Future<Closed> whenClosed() {
    return closed.future();
  }

  public boolean isClosed() {
    return closed.future().isComplete();
  }

  /** Stops reading: the server's writes back up (a slow consumer). */
  public void pause() {
    socket.pause();
  }

  /** Drops the TCP connection without a closing handshake. */
  public void abort() {
    ((WebSocketInternal) socket).channelHandlerContext().close();
  }

  /** Closes from the client's side (a user leaving), inside a try-with-resources that closes it again harmlessly. */
  public void leave() {
    close();
  }

  @Override
  public void close() {
    if (!socket.isClosed()) {
      socket.close();
    }
  }

  private static boolean isPresence(JsonObject frame) {
    return isPresenceType(frame.getString("type"));
  }

  private static boolean isPresenceType(String type) {
    return "presence".equals(type) || "join".equals(type) || "leave".equals(type);
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      return fail("did not complete within " + TIMEOUT_SECONDS + " s: " + e, e);
    }
  }
}
