package io.switchboard.channel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Puts a node's presence lists in order. Each node reads a channel's list when it announces a
 * change, and the lists of two nodes reach a third in no particular order: without this, a list
 * read before a user left could arrive after the one read after, and the user would stay listed (a
 * ghost) until the channel's next change. Each list carries the version it was read at ({@link
 * io.switchboard.presence.PresenceSnapshot}); this node delivers a list unless it delivered one of a
 * later version already. Thread-safe.
 *
 * <p>Bounded: at most {@link #MAX_CHANNELS} channels are remembered, and the memory is dropped
 * whole past that (the next list of each channel is then delivered whatever its version), and when
 * a split heals (the merged cluster may have kept the other side's, lower, versions).
 */
public final class PresenceOrder {
  static final int MAX_CHANNELS = 100_000;

  private final ConcurrentHashMap<String, Long> delivered = new ConcurrentHashMap<>();
  private final LongAdder stale = new LongAdder();

  /** Whether a list of {@code channel} read at {@code version} is to be delivered (and remembers it if so). */
  boolean admit(String channel, long version) {
    if (delivered.size() >= MAX_CHANNELS && !delivered.containsKey(channel)) {
      delivered.clear();
    }
    boolean[] fresh = {true};
    delivered.compute(channel, (c, last) -> {
      if (last != null && version < last) {
        fresh[0] = false;
        return last;
      }
      return version;
    });
    if (!fresh[0]) {
      stale.increment();
    }
    return fresh[0];
  }

  /** Forgets every version (a split healed: versions of the merged cluster may be lower). */
  public void forget() {
    delivered.clear();
  }

  /** Lists dropped because a later one had been delivered. */
  public long stale() {
    return stale.sum();
  }

  /** Channels remembered (for tests and stats). */
  int size() {
    return delivered.size();
  }
}
