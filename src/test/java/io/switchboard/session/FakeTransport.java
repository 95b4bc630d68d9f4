package io.switchboard.session;

import io.switchboard.protocol.CloseCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Transport} without a socket: it records every frame written (decoded as JSON), pings,
 * flushes, closes and terminations. Written bytes leave at once, or, while {@link #holdWrites} is
 * set, count as pending until {@link #completeHeldWrites()} (a peer that does not read). The session calls it on
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
  final AtomicInteger flushes = new AtomicInteger();
  private final AtomicInteger heldWrites = new AtomicInteger();
  private final AtomicLong heldBytes = new AtomicLong();
  /** While true, written bytes stay pending (a peer that does not read). */
  volatile boolean holdWrites;
  /** While true, every ping is answered at once with a pong, like a live client. */
  volatile boolean answerPings;
  /** The session this transport serves, set by the harness. */
  volatile Session session;

  @Override
  public void write(Buffer textFrame) {
    frames.add(new JsonObject(textFrame.toString()));
    writtenBytes.addAndGet(textFrame.length());
    if (holdWrites) {
      heldWrites.incrementAndGet();
      heldBytes.addAndGet(textFrame.length());
    }
  }

  @Override
  public void flush() {
    flushes.incrementAndGet();
  }

  @Override
  public long pendingBytes() {
    return heldBytes.get();
  }

  /** The peer reads everything held; call on the session's event loop. */
  void completeHeldWrites() {
    holdWrites = false;
    heldWrites.set(0);
    heldBytes.set(0);
  }

  int heldWriteCount() {
    return heldWrites.get();
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
