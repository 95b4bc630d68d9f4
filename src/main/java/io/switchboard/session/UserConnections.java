package io.switchboard.session;

import java.util.concurrent.ConcurrentHashMap;

/** Counts each user's connections on this node, to enforce the per-user limit. Thread-safe. */
public final class UserConnections {
  private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();

  /** Takes one connection slot for the user; false when the user already holds {@code max}. */
  public boolean tryAcquire(String userId, int max) {
    boolean[] ok = {false};
    counts.compute(userId, (user, n) -> {
      int current = n == null ? 0 : n;
      if (current >= max) {
        return n;
      }
      ok[0] = true;
      return current + 1;
    });
    return ok[0];
  }

  /** Gives one slot back; the user's entry disappears at zero. */
  public void release(String userId) {
    counts.computeIfPresent(userId, (user, n) -> n <= 1 ? null : n - 1);
  }

  /** Users with at least one connection on this node. */
  public int users() {
    return counts.size();
  }
}
