package io.switchboard.bench;

import io.vertx.core.Context;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;

/**
 * One client connection of the load generator. Frames are parsed once and handed to the scenario's
 * {@link Listener}; {@code error} frames and unexpected closes are counted in {@link LoadCounters}
 * by code before that, so a refusal (e.g. {@code rate_limited}) is never silently dropped.
 */
public final class BenchSocket {

  /** Receives every parsed frame, on the socket's event loop. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param socket the receiving socket
     * @param type the frame's {@code type}
     * @param frame the whole frame
     * @param recvNanos {@code System.nanoTime()} at arrival, before parsing
     */
    void onFrame(BenchSocket socket, String type, JsonObject frame, long recvNanos);
  }

  private final int index;
  private final String user;
  private final WebSocket ws;
  private final Context context;
  private final LoadCounters counters;
  private volatile Listener listener = (s, t, f, n) -> { };
  private volatile boolean closing;
  private volatile java.util.function.Consumer<Short> onServerClose = code -> { };
  /** Free slot for the scenario (e.g. a ledger or a send timestamp). */
  public volatile Object attachment;
  /** Free slot for the scenario: a send timestamp. */
  public volatile long mark;

  BenchSocket(int index, String user, WebSocket ws, Context context, LoadCounters counters) {
    this.index = index;
    this.user = user;
    this.ws = ws;
    this.context = context;
    this.counters = counters;
    ws.textMessageHandler(this::onText);
    ws.exceptionHandler(e -> counters.inc("socket_exception"));
    ws.closeHandler(v -> {
      if (!closing) {
        Short code = ws.closeStatusCode();
        counters.inc("unexpected_close_" + (code == null ? "none" : code.toString()));
        onServerClose.accept(code);
      }
    });
  }

  private void onText(String text) {
    long now = System.nanoTime();
    JsonObject f;
    try {
      f = new JsonObject(text);
    } catch (RuntimeException e) {
      counters.inc("unparseable_frame");
      return;
    }
    String type = f.getString("type", "");
    if (type.equals("error")) {
      counters.inc("error_" + f.getString("code", "none"));
    }
    listener.onFrame(this, type, f, now);
  }

  /** Sets the frame listener. */
  public BenchSocket listener(Listener l) {
    this.listener = l;
    return this;
  }

  /**
   * Runs {@code action} with the close code (null without one) when the socket closes without
   * {@link #close} having been called: the server closed it, or the connection broke.
   */
  public BenchSocket onServerClose(java.util.function.Consumer<Short> action) {
    this.onServerClose = action;
    return this;
  }

  /** Sends a text frame (from any thread). */
  public void send(String text) {
    ws.writeTextMessage(text);
  }

  /** Sends {@code subscribe} with a {@code ref}. */
  public void subscribe(String channel, long ref) {
    send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"ref\":" + ref + "}");
  }

  /** Sends {@code subscribe} with {@code since: {epoch, offset}} (a resume) and a {@code ref}. */
  public void subscribe(String channel, String epoch, long offset, long ref) {
    send(new JsonObject().put("type", "subscribe").put("channel", channel)
        .put("since", new JsonObject().put("epoch", epoch).put("offset", offset)).put("ref", ref).encode());
  }

  /** Closes normally (close frame); the close is not counted as unexpected. */
  public io.vertx.core.Future<Void> close() {
    closing = true;
    return ws.isClosed() ? io.vertx.core.Future.succeededFuture() : ws.close();
  }

  /** True once the socket is closed. */
  public boolean isClosed() {
    return ws.isClosed();
  }

  /** Position of this socket in its scenario. */
  public int index() {
    return index;
  }

  /** The JWT subject of this socket. */
  public String user() {
    return user;
  }

  /** The event-loop context this socket runs on (for timers that write to it). */
  public Context context() {
    return context;
  }
}
