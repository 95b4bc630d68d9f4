package io.switchboard.session;

import io.switchboard.protocol.CloseCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Transport} without a socket: it records every frame written (decoded as JSON), pings,
 * closes and terminations. Its writes complete at once, or, while {@link #holdWrites} is set, stay
 * pending until {@link #completeHeldWrites()} (a peer that does not read). The session calls it on
 * its event loop; the test thread reads the records, which are thread-safe.
 */
final class FakeTransport implements Transport {
  /** One close frame the session asked for. */
  record Close(CloseCode code, String reason) {}

  final List<JsonObject> frames = new CopyOnWriteArrayList<>();
  final List<Close> closes = new CopyOnWriteArrayList<>();
  final AtomicInteger pings = new AtomicInteger();
  final AtomicInteger terminations = new AtomicInteger();
  final AtomicLong writtenBytes = new AtomicLong();
  private final List<Promise<Void>> heldWrites = new CopyOnWriteArrayList<>();
  /** While true, writes stay pending. */
  volatile boolean holdWrites;
  /** While true, every ping is answered at once with a pong, like a live client. */
  volatile boolean answerPings;
  /** The session this transport serves, set by the harness. */
  volatile Session session;

  @Override
  public Future<Void> write(Buffer textFrame) {
    frames.add(new JsonObject(textFrame.toString()));
    writtenBytes.addAndGet(textFrame.length());
    if (!holdWrites) {
      return Future.succeededFuture();
    }
    Promise<Void> pending = Promise.promise();
    heldWrites.add(pending);
    return pending.future();
  }

  /** Completes every held write; call on the session's event loop. */
  void completeHeldWrites() {
    holdWrites = false;
    for (Promise<Void> p : heldWrites) {
      p.complete();
    }
    heldWrites.clear();
  }

  int heldWriteCount() {
    return heldWrites.size();
  }

  @Override
  public void ping() {
    pings.incrementAndGet();
    if (answerPings) {
      session.onPong();
    }
  }

  @Override
  public void close(CloseCode code, String reason) {
    closes.add(new Close(code, reason));
  }

  @Override
  public void terminate() {
    terminations.incrementAndGet();
  }

  @Override
  public String remoteAddress() {
    return "fake:0";
  }

  /** The frames of one type, in order. */
  List<JsonObject> framesOfType(String type) {
    return frames.stream().filter(f -> type.equals(f.getString("type"))).toList();
  }

  /** The only close so far, or null. */
  Close closed() {
    if (closes.size() > 1) {
      throw new AssertionError("closed more than once: " + closes);
    }
    return closes.isEmpty() ? null : closes.get(0);
  }
}
