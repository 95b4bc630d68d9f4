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
import java.util.concurrent.CompletionStage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
   * (channel, connection, user) entries this node asked for and has not removed: what it holds,
   * whatever the map lost. Keyed {@code channel\nconnection\nuser}.
   */
  private final Set<String> held = ConcurrentHashMap.newKeySet();

  public HazelcastPresenceStore(Vertx vertx, HazelcastInstance hazelcast, String mapName) {
    this.vertx = vertx;
    this.map = hazelcast.getMap(mapName);
  }

  @Override
  public Future<Boolean> add(String channel, String userId, String connectionId) {
    held.add(heldKey(channel, userId, connectionId));
    return on(map.submitToKey(channel, new PresenceProcessors.Add(userId, connectionId)))
        .map(outcome -> outcome == PresenceProcessors.ADDED_FIRST);
  }

  @Override
  public Future<Boolean> remove(String channel, String userId, String connectionId) {
    held.remove(heldKey(channel, userId, connectionId));
    return on(map.submitToKey(channel, new PresenceProcessors.Remove(userId, connectionId)))
        .map(outcome -> outcome == PresenceProcessors.REMOVED_LAST);
  }

  @Override
  public Future<List<String>> users(String channel) {
    return on(map.getAsync(channel)).map(users -> users == null ? List.<String>of() : new ArrayList<>(users.keySet()));
  }

  @Override
  public Future<Integer> userCount(String channel) {
    return on(map.submitToKey(channel, new PresenceProcessors.Count()));
  }

  @Override
  public Future<Map<String, List<String>>> removeNode(String nodeId) {
    String prefix = nodeId + "/";
    held.removeIf(key -> key.startsWith(prefix, key.indexOf('\n') + 1));
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
  public Future<Map<String, List<String>>> dropStrays(String nodeId) {
    String prefix = nodeId + "/";
    Context context = vertx.getOrCreateContext();
    return context.executeBlocking(() -> map.executeOnEntries(new PresenceProcessors.ConnectionsOf(prefix)), false)
        .compose(found -> {
          List<Future<Boolean>> removals = new ArrayList<>();
          List<String[]> removed = new ArrayList<>();
          found.forEach((channel, entries) -> {
            for (String entry : entries == null ? List.<String>of() : entries) {
              String[] userAndConnection = entry.split("\n", 2);
              if (!held.contains(heldKey(channel, userAndConnection[0], userAndConnection[1]))) {
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

  private static String heldKey(String channel, String userId, String connectionId) {
    return channel + '\n' + connectionId + '\n' + userId;
  }

  @Override
  public long localEntries() {
    return held.size();
  }

  @Override
  public Set<String> localChannels() {
    Set<String> channels = new java.util.HashSet<>();
    for (String key : held) {
      channels.add(key.substring(0, key.indexOf('\n')));
    }
    return channels;
  }

  private <T> Future<T> on(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }
}
