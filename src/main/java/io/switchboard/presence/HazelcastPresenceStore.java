package io.switchboard.presence;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cluster's {@link PresenceStore}: one Hazelcast IMap entry per channel (user → connection
 * ids), changed only by entry processors, which run atomically on the partition that owns the
 * channel. So "first connection of this user anywhere" and "last one anywhere" are decided in one
 * place, whatever node the connections are on. Every call is asynchronous; callbacks run on the
 * caller's Vert.x context.
 */
public final class HazelcastPresenceStore implements PresenceStore {
  private final Vertx vertx;
  private final IMap<String, LinkedHashMap<String, HashSet<String>>> map;
  /**
   * What this node asked for and has not removed, whatever the map lost: channel → its
   * {@code user\nconnection} entries. Each channel's set is changed under its bin's lock.
   */
  private final ConcurrentHashMap<String, Set<String>> held = new ConcurrentHashMap<>();
  private final AtomicLong heldEntries = new AtomicLong();
  /** Channels this node released since the last sweep, and in the period before it. */
  private volatile Set<String> released = ConcurrentHashMap.newKeySet();
  private Set<String> releasedBefore = Set.of();

  public HazelcastPresenceStore(Vertx vertx, HazelcastInstance hazelcast, String mapName) {
    this.vertx = vertx;
    this.map = hazelcast.getMap(mapName);
  }

  @Override
  public Future<Boolean> add(String channel, String userId, String connectionId) {
    hold(channel, userId + "\n" + connectionId);
    return on(map.submitToKey(channel, new PresenceProcessors.Add(userId, connectionId)))
        .map(outcome -> outcome == PresenceProcessors.ADDED_FIRST);
  }

  @Override
  public Future<Boolean> remove(String channel, String userId, String connectionId) {
    release(channel, userId + "\n" + connectionId);
    return on(map.submitToKey(channel, new PresenceProcessors.Remove(userId, connectionId)))
        .map(outcome -> outcome == PresenceProcessors.REMOVED_LAST);
  }

  private void hold(String channel, String entry) {
    held.compute(channel, (c, entries) -> {
      Set<String> set = entries != null ? entries : new HashSet<>(2);
      if (set.add(entry)) {
        heldEntries.incrementAndGet();
      }
      return set;
    });
  }

  private void release(String channel, String entry) {
    held.computeIfPresent(channel, (c, entries) -> {
      if (entries.remove(entry)) {
        heldEntries.decrementAndGet();
      }
      if (entries.isEmpty()) {
        released.add(c);
        return null;
      }
      return entries;
    });
  }

  @Override
  public Future<List<String>> users(String channel) {
    return on(map.getAsync(channel)).map(users -> users == null ? List.<String>of() : new ArrayList<>(users.keySet()));
  }

  @Override
  public Future<PresenceSnapshot> snapshot(String channel) {
    return on(map.getAsync(channel)).map(users -> users == null ? new PresenceSnapshot(List.of(), 0)
        : new PresenceSnapshot(new ArrayList<>(users.keySet()), ChannelPresence.versionOf(users)));
  }

  @Override
  public Future<PresenceStats> stats(String channel) {
    return on(map.submitToKey(channel, new PresenceProcessors.Stats()));
  }

  @Override
  public Future<Integer> userCount(String channel) {
    return on(map.submitToKey(channel, new PresenceProcessors.Count()));
  }

  @Override
  public Future<Map<String, List<String>>> removeNode(String nodeId) {
    String prefix = nodeId + "/";
    for (String channel : held.keySet()) {
      held.computeIfPresent(channel, (c, entries) -> {
        entries.removeIf(entry -> {
          boolean gone = entry.startsWith(prefix, entry.indexOf('\n') + 1);
          if (gone) {
            heldEntries.decrementAndGet();
          }
          return gone;
        });
        return entries.isEmpty() ? null : entries;
      });
    }
    Context context = vertx.getOrCreateContext();
    return context.executeBlocking(() -> {
      Map<String, ArrayList<String>> result = map.executeOnEntries(new PresenceProcessors.RemoveNode(nodeId + "/"));
      Map<String, List<String>> left = new LinkedHashMap<>();
      result.forEach((channel, users) -> {
        if (users != null && !users.isEmpty()) {
          left.put(channel, users);
        }
      });
      return left;
    }, false);
  }

  @Override
  public Future<Map<String, List<String>>> renewLocal() {
    Map<String, Future<ArrayList<String>>> renewals = new LinkedHashMap<>();
    for (String channel : held.keySet()) {
      ArrayList<String> entries = new ArrayList<>();
      held.computeIfPresent(channel, (c, set) -> {
        entries.addAll(set);
        return set;
      });
      if (!entries.isEmpty()) {
        renewals.put(channel, on(map.submitToKey(channel, new PresenceProcessors.Ensure(entries))));
      }
    }
    return Future.join(new ArrayList<>(renewals.values())).transform(ar -> {
      Map<String, List<String>> joined = new LinkedHashMap<>();
      renewals.forEach((channel, renewal) -> {
        if (renewal.succeeded() && !renewal.result().isEmpty()) {
          joined.put(channel, renewal.result());
        }
      });
      return Future.succeededFuture(joined);
    });
  }

  @Override
  public Future<Map<String, List<String>>> dropStrays(String nodeId) {
    String prefix = nodeId + "/";
    // a stray comes from this node's own operations: only its channels, and those it released
    // lately (a retried add can land after the remove that released the channel), can hold one
    Set<String> keys = new HashSet<>(held.keySet());
    keys.addAll(releasedBefore);
    Set<String> releasedNow = released;
    released = ConcurrentHashMap.newKeySet();
    keys.addAll(releasedNow);
    releasedBefore = releasedNow;
    if (keys.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return on(map.submitToKeys(keys, new PresenceProcessors.ConnectionsOf(prefix)))
        .compose(found -> {
          List<Future<Boolean>> removals = new ArrayList<>();
          List<String[]> removed = new ArrayList<>();
          found.forEach((channel, entries) -> {
            for (String entry : entries == null ? List.<String>of() : entries) {
              if (!holds(channel, entry)) {
                String[] userAndConnection = entry.split("\n", 2);
                removed.add(new String[] {channel, userAndConnection[0]});
                removals.add(on(map.submitToKey(channel, new PresenceProcessors.Remove(userAndConnection[0], userAndConnection[1])))
                    .map(outcome -> outcome == PresenceProcessors.REMOVED_LAST));
              }
            }
          });
          return Future.join(removals).map(v -> {
            Map<String, List<String>> left = new LinkedHashMap<>();
            for (int i = 0; i < removals.size(); i++) {
              if (Boolean.TRUE.equals(removals.get(i).result())) {
                left.computeIfAbsent(removed.get(i)[0], c -> new ArrayList<>()).add(removed.get(i)[1]);
              }
            }
            return left;
          });
        });
  }

  private boolean holds(String channel, String entry) {
    boolean[] holds = {false};
    held.computeIfPresent(channel, (c, entries) -> {
      holds[0] = entries.contains(entry);
      return entries;
    });
    return holds[0];
  }

  @Override
  public long localEntries() {
    return heldEntries.get();
  }

  @Override
  public Set<String> localChannels() {
    return new HashSet<>(held.keySet());
  }

  private <T> Future<T> on(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }
}
