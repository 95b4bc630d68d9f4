package io.switchboard.presence;

import java.util.HashSet;
import java.util.LinkedHashMap;

/**
 * One channel's presence as the cluster stores it: each user's connections, in the order the users
 * joined, and a version that grows with every change, so that announcements read at different
 * moments (by different nodes, whose frames reach a third node in no particular order) can be put
 * in order: a node drops an announcement older than one it already delivered.
 *
 * <p>A version is the later of {@code previous + 1} and this member's clock in microseconds, and
 * above every version this member gave before (to any channel): it grows with every change while
 * the entry lives, and a channel emptied (its entry removed) and filled again goes on above every
 * version it had. Only a new owner whose clock is behind the old one's can go backwards, by that
 * skew.
 */
final class ChannelPresence extends LinkedHashMap<String, HashSet<String>> {
  private static final long serialVersionUID = 1L;

  /** The last version this member gave: versions it gives only grow, whatever its clock does. */
  private static final java.util.concurrent.atomic.AtomicLong LAST_GIVEN = new java.util.concurrent.atomic.AtomicLong();

  long version;

  /** {@code value} itself when it is one, else a copy of it (an entry written before versions) at version 0. */
  static ChannelPresence of(LinkedHashMap<String, HashSet<String>> value) {
    if (value instanceof ChannelPresence presence) {
      return presence;
    }
    ChannelPresence presence = new ChannelPresence();
    if (value != null) {
      presence.putAll(value);
    }
    return presence;
  }

  /** The version of {@code value}: 0 for none, or for an entry written before versions. */
  static long versionOf(LinkedHashMap<String, HashSet<String>> value) {
    return value instanceof ChannelPresence presence ? presence.version : 0;
  }

  /** Marks one change. */
  ChannelPresence changed() {
    java.time.Instant now = java.time.Instant.now();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    long floor = Math.max(version + 1, micros);
    version = LAST_GIVEN.updateAndGet(last -> Math.max(last + 1, floor));
    return this;
  }
}
