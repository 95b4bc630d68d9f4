package io.switchboard.presence;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single-node {@link PresenceStore}: one map per channel, each changed under the channel's own
 * lock (a {@link ConcurrentHashMap#compute} bin), so event loops touching different channels never
 * contend. Empty users and channels are removed at once.
 */
public final class MemoryPresenceStore implements PresenceStore {
  private final ConcurrentHashMap<String, Map<String, Set<String>>> channels = new ConcurrentHashMap<>();
  private final AtomicLong entries = new AtomicLong();
  /** One counter for every channel: a channel's version is the count at its last change, so it only grows. */
  private final AtomicLong changes = new AtomicLong();
  private final ConcurrentHashMap<String, Long> versions = new ConcurrentHashMap<>();

  @Override
  public Future<Boolean> add(String channel, String userId, String connectionId) {
    boolean[] joined = {false};
    channels.compute(channel, (name, users) -> {
      Map<String, Set<String>> map = users != null ? users : new LinkedHashMap<>();
      Set<String> connections = map.get(userId);
      if (connections == null) {
        connections = new HashSet<>(2);
        map.put(userId, connections);
        joined[0] = true;
      }
      if (connections.add(connectionId)) {
        entries.incrementAndGet();
        versions.put(name, changes.incrementAndGet());
      }
      return map;
    });
    return Future.succeededFuture(joined[0]);
  }

  @Override
  public Future<Boolean> remove(String channel, String userId, String connectionId) {
    boolean[] left = {false};
    channels.computeIfPresent(channel, (name, users) -> {
      Set<String> connections = users.get(userId);
      if (connections != null && connections.remove(connectionId)) {
        entries.decrementAndGet();
        versions.put(name, changes.incrementAndGet());
        if (connections.isEmpty()) {
          users.remove(userId);
          left[0] = true;
        }
      }
      if (users.isEmpty()) {
        versions.remove(name);
        return null;
      }
      return users;
    });
    return Future.succeededFuture(left[0]);
  }

  @Override
  public Future<List<String>> users(String channel) {
    List<String> out = new ArrayList<>();
    channels.computeIfPresent(channel, (name, users) -> {
      out.addAll(users.keySet());
      return users;
    });
    return Future.succeededFuture(out);
  }

  @Override
  public Future<PresenceSnapshot> snapshot(String channel) {
    PresenceSnapshot[] out = {new PresenceSnapshot(List.of(), 0)};
    channels.computeIfPresent(channel, (name, users) -> {
      out[0] = new PresenceSnapshot(new ArrayList<>(users.keySet()), versions.getOrDefault(name, 0L));
      return users;
    });
    return Future.succeededFuture(out[0]);
  }

  @Override
  public Future<PresenceStats> stats(String channel) {
    PresenceStats[] stats = {new PresenceStats(0, 0)};
    channels.computeIfPresent(channel, (name, users) -> {
      stats[0] = new PresenceStats(users.size(), users.values().stream().mapToInt(java.util.Collection::size).sum());
      return users;
    });
    return Future.succeededFuture(stats[0]);
  }

  @Override
  public Future<Integer> userCount(String channel) {
    int[] count = {0};
    channels.computeIfPresent(channel, (name, users) -> {
      count[0] = users.size();
      return users;
    });
    return Future.succeededFuture(count[0]);
  }

  @Override
  public Future<Map<String, List<String>>> removeNode(String nodeId) {
    String prefix = nodeId + "/";
    Map<String, List<String>> left = new LinkedHashMap<>();
    for (String channel : channels.keySet()) {
      channels.computeIfPresent(channel, (name, users) -> {
        users.entrySet().removeIf(user -> {
          int before = user.getValue().size();
          user.getValue().removeIf(conn -> conn.startsWith(prefix));
          entries.addAndGet(user.getValue().size() - before);
          if (user.getValue().size() != before) {
            versions.put(name, changes.incrementAndGet());
          }
          if (user.getValue().isEmpty()) {
            left.computeIfAbsent(name, c -> new ArrayList<>()).add(user.getKey());
            return true;
          }
          return false;
        });
        if (users.isEmpty()) {
          versions.remove(name);
          return null;
        }
        return users;
      });
    }
    return Future.succeededFuture(left);
  }

  /** Changes apply synchronously and in order here: nothing can stray. */
  @Override
  public Future<Map<String, List<String>>> dropStrays(String nodeId) {
    return Future.succeededFuture(Map.of());
  }

  /** Nothing is lost here: nothing to put back. */
  @Override
  public Future<Map<String, List<String>>> renewLocal() {
    return Future.succeededFuture(Map.of());
  }

  @Override
  public long localEntries() {
    return entries.get();
  }

  /** Every channel with an entry: on one node, every entry is local. */
  @Override
  public Set<String> localChannels() {
    return new java.util.HashSet<>(channels.keySet());
  }
}
