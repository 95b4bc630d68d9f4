package io.switchboard.presence;

import java.util.HashSet;
import java.util.LinkedHashMap;

/**
 * One channel's presence as the cluster stores it: each user's connections, in the order the users
 * joined, and a version that grows with every change, so that announcements read at different
 * moments (by different nodes, whose frames reach a third node in no particular order) can be put
 * in order: a node drops an announcement older than one it already delivered.
 *
 * <p>A version is {@code max(previous + 1, the owner's clock in ms × 1024)}: it grows by one per
 * change while the entry lives, and a channel emptied (its entry removed) and filled again later
 * goes on from the clock, above every version it had. Only a new owner whose clock is behind the old
 * one's can go backwards, by that skew.
 */
final class ChannelPresence extends LinkedHashMap<String, HashSet<String>> {
  private static final long serialVersionUID = 1L;

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
    version = Math.max(version + 1, System.currentTimeMillis() << 10);
    return this;
  }
}
