package io.switchboard.session;

/**
 * A token bucket for one connection's inbound frames, with a count of recent rejections that tells
 * a client that keeps pushing (close) from one that bursted once (an error). Not thread-safe: it
 * lives on the session's event loop.
 */
final class RateLimiter {
  /** What to do with one inbound frame. */
  enum Verdict { ACCEPT, REJECT, CLOSE }

  private final double perNano;
  private final double capacity;
  private final int closeAfterRejected;
  private final long windowNanos;
  private double tokens;
  private long refilledAt;
  private long windowStart;
  private int rejectedInWindow;

  RateLimiter(int perSecond, int burst, int closeAfterRejected, long windowNanos, long nowNanos) {
    this.perNano = perSecond / 1e9;
    this.capacity = burst;
    this.closeAfterRejected = closeAfterRejected;
    this.windowNanos = windowNanos;
    this.tokens = burst;
    this.refilledAt = nowNanos;
    this.windowStart = nowNanos;
  }

  Verdict onFrame(long nowNanos) {
    tokens = Math.min(capacity, tokens + (nowNanos - refilledAt) * perNano);
    refilledAt = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return Verdict.ACCEPT;
    }
    if (nowNanos - windowStart > windowNanos) {
      windowStart = nowNanos;
      rejectedInWindow = 0;
    }
    return ++rejectedInWindow >= closeAfterRejected ? Verdict.CLOSE : Verdict.REJECT;
  }
}
