package io.switchboard.session;

import io.switchboard.channel.LoopChannelIndex;
import io.switchboard.protocol.CloseCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sessions of one event loop and the loop's single heartbeat timer. Sessions are spread over
 * buckets, one bucket visited per tick, so each session is pinged once per heartbeat interval and a
 * loop with 20,000 connections does a small, even slice of work per tick instead of one long stall.
 * The same tick enforces the authentication timeout. Confined to its event loop.
 */
public final class SessionLoop {
  private static final long MAX_TICK_MS = 1000;
  private static final long MIN_TICK_MS = 50;
  /** A tick this much later than due means the loop did not run: the process was paused. */
  private static final long PAUSE_NANOS = 1_000_000_000L;

  private final Vertx vertx;
  private final LoopChannelIndex index;
  private final LoopChannelIndex userIndex;
  private final List<Set<Session>> buckets = new ArrayList<>();
  private final Set<Session> awaitingAuth = new HashSet<>();
  private final long tickMs;
  private final long intervalNanos;
  /**
   * When the previous tick ran (the start, before the first); 0 while the loop is not started or
   * stopped. Written on the loop, read by metrics and liveness from other threads.
   */
  private volatile long lastTickNanos;
  /** Until then, no session is dropped for a missed pong: the loop itself was paused. */
  private long graceUntilNanos;
  private int nextBucket;
  private long tick;
  private long timerId = -1;
  private Context context;
  /** Written on the loop, read by stats from other threads. */
  private volatile int count;
  /** How late the last tick was: read by metrics and liveness, as {@link #lastTickNanos} is. */
  private volatile long lastLagNanos;

  /**
   * @param index the loop's sessions by channel
   * @param userIndex the loop's sessions by user
   * @param authTimeout how long a session may wait for authentication; the tick is short enough to
   *     enforce it within a quarter of it
   */
  public SessionLoop(Vertx vertx, LoopChannelIndex index, LoopChannelIndex userIndex, HeartbeatConfig heartbeat,
      Duration authTimeout) {
    this.vertx = vertx;
    this.index = index;
    this.userIndex = userIndex;
    long interval = heartbeat.interval().toMillis();
    this.intervalNanos = heartbeat.interval().toNanos();
    long wanted = Math.min(interval / 10, authTimeout.toMillis() / 4);
    this.tickMs = Math.max(MIN_TICK_MS, Math.min(MAX_TICK_MS, wanted));
    int n = (int) Math.max(1, interval / tickMs);
    for (int i = 0; i < n; i++) {
      buckets.add(new HashSet<>());
    }
  }

  /** Starts the loop's timer; call on the loop. */
  public void start() {
    context = vertx.getOrCreateContext();
    lastTickNanos = System.nanoTime(); // the first tick is due one period from now
    timerId = vertx.setPeriodic(tickMs, id -> sweep(System.nanoTime()));
  }

  /** Stops the timer and closes every session with {@code code}. */
  public void stop(CloseCode code, String reason) {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    lastTickNanos = 0; // no tick is due any more: not a stuck loop
    snapshot().forEach(s -> s.close(code, reason));
  }

  /**
   * Closes every session with {@code code} in even waves over {@code period} (at once for zero),
   * on the loop, whatever thread calls it; completes, on the loop, with how many were closed.
   */
  public Future<Integer> drain(Duration period, CloseCode code, String reason) {
    Promise<Integer> done = Promise.promise();
    context.runOnContext(v -> new DrainWaves(vertx, this, snapshot(), period.toNanos(), code, reason)
        .start().onComplete(done));
    return done.future();
  }

  /** Every session of the loop now, authenticated or not. */
  List<Session> snapshot() {
    List<Session> all = new ArrayList<>(awaitingAuth);
    buckets.forEach(all::addAll);
    return all;
  }

  /** The loop's channel index. */
  public LoopChannelIndex index() {
    return index;
  }

  /** The loop's index of sessions by user, for direct messages. */
  public LoopChannelIndex userIndex() {
    return userIndex;
  }

  /**
   * The loop's authenticated sessions of {@code userId}, found by a scan (for rare commands such as
   * a backend's disconnect: an index would cost every connection memory). Call on the loop.
   */
  public List<Session> sessionsOf(String userId) {
    List<Session> found = new ArrayList<>();
    for (Set<Session> bucket : buckets) {
      for (Session s : bucket) {
        if (s.identity != null && userId.equals(s.identity.userId())) {
          found.add(s);
        }
      }
    }
    return found;
  }

  /** Live sessions on this loop. */
  public int sessionCount() {
    return count;
  }

  void add(Session session) {
    awaitingAuth.add(session);
    count++;
  }

  void authenticated(Session session) {
    awaitingAuth.remove(session);
    session.heartbeatBucket = nextBucket;
    buckets.get(nextBucket).add(session);
    nextBucket = (nextBucket + 1) % buckets.size();
  }

  void remove(Session session) {
    awaitingAuth.remove(session);
    if (session.heartbeatBucket >= 0) {
      buckets.get(session.heartbeatBucket).remove(session);
      session.heartbeatBucket = -1;
    }
    count--;
  }

  /**
   * How far behind its timer this loop runs, from any thread: the last tick's lateness, or, while
   * the next tick is overdue (a loop that is stuck right now), how overdue it is; 0 before it
   * starts and after it stops. A loop busy with a long queue of work shows here as much as a blocked one.
   */
  public long lagNanos(long now) {
    long seen = lastTickNanos;
    if (seen == 0) {
      return 0;
    }
    return Math.max(lastLagNanos, Math.max(0, now - seen - tickMs * 1_000_000L));
  }

  /** One tick at {@code now} (package-private: tests drive it with chosen times). */
  void sweep(long now) {
    if (lastTickNanos != 0 && now - lastTickNanos > PAUSE_NANOS + tickMs * 1_000_000L) {
      // the process was frozen (a stopped VM, a long GC): the pongs that arrived meanwhile are
      // still unread, so every session gets a new ping and a whole interval to answer it
      graceUntilNanos = now + intervalNanos;
    }
    lastLagNanos = lastTickNanos == 0 ? 0 : Math.max(0, now - lastTickNanos - tickMs * 1_000_000L);
    lastTickNanos = now;
    boolean afterPause = now - graceUntilNanos < 0;
    if (!awaitingAuth.isEmpty()) {
      for (Session s : awaitingAuth.toArray(new Session[0])) {
        if (now - s.authDeadlineNanos > 0 && !afterPause) {
          s.close(CloseCode.UNAUTHORIZED, "Authentication timeout");
        }
      }
    }
    Set<Session> bucket = buckets.get((int) (tick++ % buckets.size()));
    if (!bucket.isEmpty()) {
      for (Session s : bucket.toArray(new Session[0])) {
        s.heartbeat(now, afterPause);
      }
    }
  }
}
