package io.switchboard.session;

import io.switchboard.protocol.CloseCode;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * One loop's sessions closed in even waves: every {@link #WAVE_MS} as many as keep the count closed
 * proportional to the time gone, so that the sockets of a draining node (and the reconnects they
 * cause on the other nodes) spread over the period instead of arriving at once. Sessions that
 * arrive meanwhile (a handshake already under way) are closed with the last wave. Confined to the
 * loop.
 */
final class DrainWaves {
  /** The time between two waves: short, so that the reconnect rate the waves make stays even. */
  static final long WAVE_MS = 100;

  private final Vertx vertx;
  private final SessionLoop loop;
  private final List<Session> sessions;
  private final long periodNanos;
  private final long startNanos;
  private final CloseCode code;
  private final String reason;
  private final Promise<Integer> done = Promise.promise();
  private int closed;

  DrainWaves(Vertx vertx, SessionLoop loop, List<Session> sessions, long periodNanos, CloseCode code, String reason) {
    this.vertx = vertx;
    this.loop = loop;
    this.sessions = sessions;
    this.periodNanos = periodNanos;
    this.startNanos = System.nanoTime();
    this.code = code;
    this.reason = reason;
  }

  /** Starts the waves; completes with the number of sessions closed when the last wave has run. */
  io.vertx.core.Future<Integer> start() {
    wave();
    return done.future();
  }

  private void wave() {
    long elapsed = System.nanoTime() - startNanos;
    int due = periodNanos <= 0 || elapsed >= periodNanos ? sessions.size()
        : (int) Math.ceil(sessions.size() * (double) elapsed / periodNanos);
    while (closed < due) {
      sessions.get(closed++).close(code, reason); // one already gone on its own: a no-op
    }
    if (closed < sessions.size()) {
      vertx.setTimer(WAVE_MS, t -> wave());
      return;
    }
    List<Session> late = loop.snapshot();
    late.forEach(s -> s.close(code, reason));
    done.complete(sessions.size() + late.size());
  }
}
