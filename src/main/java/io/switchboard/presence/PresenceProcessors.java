package io.switchboard.presence;

import com.hazelcast.map.EntryProcessor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entry processors of {@link HazelcastPresenceStore}. Each runs on the member that owns the
 * channel's partition, and again on its backup, so every change is atomic per channel.
 */
final class PresenceProcessors {
  static final int ABSENT = 0;
  static final int REMOVED = 1;
  static final int REMOVED_LAST = 2;

  private PresenceProcessors() {}

  /** Adds a connection; true when it is the user's first in the channel. */
  record Add(String user, String connection)
      implements EntryProcessor<String, LinkedHashMap<String, HashSet<String>>, Boolean> {
    @Override
    public Boolean process(Map.Entry<String, LinkedHashMap<String, HashSet<String>>> entry) {
      LinkedHashMap<String, HashSet<String>> users = entry.getValue() == null ? new LinkedHashMap<>() : entry.getValue();
      HashSet<String> connections = users.computeIfAbsent(user, u -> new HashSet<>(2));
      boolean first = connections.isEmpty();
      connections.add(connection);
      entry.setValue(users);
      return first;
    }
  }

  /** Removes a connection: {@link #ABSENT}, {@link #REMOVED} or {@link #REMOVED_LAST} (the user left). */
  record Remove(String user, String connection)
      implements EntryProcessor<String, LinkedHashMap<String, HashSet<String>>, Integer> {
    @Override
    public Integer process(Map.Entry<String, LinkedHashMap<String, HashSet<String>>> entry) {
      LinkedHashMap<String, HashSet<String>> users = entry.getValue();
      HashSet<String> connections = users == null ? null : users.get(user);
      if (connections == null || !connections.remove(connection)) {
        return ABSENT;
      }
      boolean last = connections.isEmpty();
      if (last) {
        users.remove(user);
      }
      entry.setValue(users.isEmpty() ? null : users);
      return last ? REMOVED_LAST : REMOVED;
    }
  }

  /** How many users the channel has (read-only: no backup work). */
  record Count() implements EntryProcessor<String, LinkedHashMap<String, HashSet<String>>, Integer> {
    @Override
    public Integer process(Map.Entry<String, LinkedHashMap<String, HashSet<String>>> entry) {
      return entry.getValue() == null ? 0 : entry.getValue().size();
    }

    @Override
    public EntryProcessor<String, LinkedHashMap<String, HashSet<String>>, Integer> getBackupProcessor() {
      return null;
    }
  }

  /** Drops every connection whose id starts with a node's prefix; returns the users who left. */
  record RemoveNode(String prefix)
      implements EntryProcessor<String, LinkedHashMap<String, HashSet<String>>, ArrayList<String>> {
    @Override
    public ArrayList<String> process(Map.Entry<String, LinkedHashMap<String, HashSet<String>>> entry) {
      ArrayList<String> left = new ArrayList<>();
      LinkedHashMap<String, HashSet<String>> users = entry.getValue();
      if (users == null) {
        return left;
      }
      boolean changed = false;
      for (Iterator<Map.Entry<String, HashSet<String>>> it = users.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, HashSet<String>> user = it.next();
        changed |= user.getValue().removeIf(c -> c.startsWith(prefix));
        if (user.getValue().isEmpty()) {
          it.remove();
          left.add(user.getKey());
        }
      }
      if (changed) {
        entry.setValue(users.isEmpty() ? null : users);
      }
      return left;
    }
  }
}
