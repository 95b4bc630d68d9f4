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

  static final int ALREADY_PRESENT = 0;
  static final int ADDED = 1;
  static final int ADDED_FIRST = 2;

  /**
   * Adds a connection: {@link #ALREADY_PRESENT} (a renewal), {@link #ADDED}, or
   * {@link #ADDED_FIRST} (the user's first connection in the channel: a join).
   */
  record Add(String user, String connection)
      implements EntryProcessor<String, LinkedHashMap<String, HashSet<String>>, Integer> {
    @Override
    public Integer process(Map.Entry<String, LinkedHashMap<String, HashSet<String>>> entry) {
      ChannelPresence users = ChannelPresence.of(entry.getValue());
      HashSet<String> connections = users.computeIfAbsent(user, u -> new HashSet<>(2));
      boolean first = connections.isEmpty();
      if (!connections.add(connection)) {
        return ALREADY_PRESENT;
      }
      entry.setValue(users.changed());
      return first ? ADDED_FIRST : ADDED;
    }
  }

  /**
   * Puts back any of a node's connections in a channel that the channel no longer has (the
   * cluster lost them), each given as {@code user\nconnection}: a node's renewal of a channel, in
   * one operation however many connections it holds there. Returns the users who were not present.
   */
  record Ensure(ArrayList<String> userConnections)
      implements EntryProcessor<String, LinkedHashMap<String, HashSet<String>>, ArrayList<String>> {
    @Override
    public ArrayList<String> process(Map.Entry<String, LinkedHashMap<String, HashSet<String>>> entry) {
      ChannelPresence users = ChannelPresence.of(entry.getValue());
      ArrayList<String> joined = new ArrayList<>();
      boolean changed = false;
      for (String userConnection : userConnections) {
        int cut = userConnection.indexOf('\n');
        String user = userConnection.substring(0, cut);
        HashSet<String> connections = users.computeIfAbsent(user, u -> new HashSet<>(2));
        boolean first = connections.isEmpty();
        if (connections.add(userConnection.substring(cut + 1))) {
          changed = true;
          if (first) {
            joined.add(user);
          }
        }
      }
      if (changed) {
        entry.setValue(users.changed());
      }
      return joined;
    }
  }

  /** Removes a connection: {@link #ABSENT}, {@link #REMOVED} or {@link #REMOVED_LAST} (the user left). */
  record Remove(String user, String connection)
      implements EntryProcessor<String, LinkedHashMap<String, HashSet<String>>, Integer> {
    @Override
    public Integer process(Map.Entry<String, LinkedHashMap<String, HashSet<String>>> entry) {
      ChannelPresence users = entry.getValue() == null ? null : ChannelPresence.of(entry.getValue());
      HashSet<String> connections = users == null ? null : users.get(user);
      if (connections == null || !connections.remove(connection)) {
        return ABSENT;
      }
      boolean last = connections.isEmpty();
      if (last) {
        users.remove(user);
      }
      entry.setValue(users.isEmpty() ? null : users.changed());
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

  /** How many users and connections the channel has (read-only: no backup work). */
  record Stats() implements EntryProcessor<String, LinkedHashMap<String, HashSet<String>>, PresenceStats> {
    @Override
    public PresenceStats process(Map.Entry<String, LinkedHashMap<String, HashSet<String>>> entry) {
      LinkedHashMap<String, HashSet<String>> users = entry.getValue();
      return users == null ? new PresenceStats(0, 0)
          : new PresenceStats(users.size(), users.values().stream().mapToInt(HashSet::size).sum());
    }

    @Override
    public EntryProcessor<String, LinkedHashMap<String, HashSet<String>>, PresenceStats> getBackupProcessor() {
      return null;
    }
  }

  /** Drops every connection whose id starts with a node's prefix; returns the users who left. */
  record RemoveNode(String prefix)
      implements EntryProcessor<String, LinkedHashMap<String, HashSet<String>>, ArrayList<String>> {
    @Override
    public ArrayList<String> process(Map.Entry<String, LinkedHashMap<String, HashSet<String>>> entry) {
      ArrayList<String> left = new ArrayList<>();
      if (entry.getValue() == null) {
        return left;
      }
      ChannelPresence users = ChannelPresence.of(entry.getValue());
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
        entry.setValue(users.isEmpty() ? null : users.changed());
      }
      return left;
    }
  }

  /** Lists a node's connections in a channel as {@code user\nconnection}, changing nothing. */
  record ConnectionsOf(String prefix)
      implements EntryProcessor<String, LinkedHashMap<String, HashSet<String>>, ArrayList<String>> {
    @Override
    public ArrayList<String> process(Map.Entry<String, LinkedHashMap<String, HashSet<String>>> entry) {
      ArrayList<String> out = new ArrayList<>();
      if (entry.getValue() != null) {
        entry.getValue().forEach((user, connections) -> {
          for (String c : connections) {
            if (c.startsWith(prefix)) {
              out.add(user + "\n" + c);
            }
          }
        });
      }
      return out;
    }

    @Override
    public EntryProcessor<String, LinkedHashMap<String, HashSet<String>>, ArrayList<String>> getBackupProcessor() {
      return null;
    }
  }
}
