package io.switchboard.interest;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The cluster's {@link InterestTable}: one Hazelcast IMap entry per key ({@link InterestEntry}),
 * changed only by entry processors on the key's partition, with one backup. Every call is one
 * operation on the partition's owner, which applies them in order: so a completed {@link #add} is
 * seen by every later read, and returns every reader recorded before it. Costs do not grow with
 * the number of nodes: one operation per change and per first read, on one member (and its
 * backup), and no member listens to the whole table.
 */
public final class HazelcastInterestTable implements InterestTable {
  private final Vertx vertx;
  private final IMap<String, InterestEntry> map;

  public HazelcastInterestTable(Vertx vertx, HazelcastInstance hazelcast, String mapName) {
    this.vertx = vertx;
    this.map = hazelcast.getMap(mapName);
  }

  @Override
  public Future<List<String>> add(String key, String node) {
    return on(map.submitToKey(key, new InterestProcessors.Add(node))).map(List::copyOf);
  }

  @Override
  public Future<List<String>> remove(String key, String node) {
    return on(map.submitToKey(key, new InterestProcessors.Remove(node))).map(List::copyOf);
  }

  @Override
  public Future<Map<String, List<String>>> addAll(Collection<String> keys, String node) {
    if (keys.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    // one operation per partition owner, not per key
    return on(map.submitToKeys(new HashSet<>(keys), new InterestProcessors.Add(node))).map(Map::copyOf);
  }

  @Override
  public Future<List<String>> read(String key, String reader) {
    return on(map.submitToKey(key, new InterestProcessors.Read(reader))).map(List::copyOf);
  }

  @Override
  public Future<Void> forget(Collection<String> keys, String reader) {
    if (keys.isEmpty()) {
      return Future.succeededFuture();
    }
    return on(map.submitToKeys(new HashSet<>(keys), new InterestProcessors.Forget(reader))).mapEmpty();
  }

  @Override
  public Future<List<String>> nodes(String key) {
    return on(map.getAsync(key)).map(entry -> InterestEntry.orEmpty(entry).nodes());
  }

  @Override
  public Future<Integer> dropNode(String node) {
    return vertx.getOrCreateContext().executeBlocking(() ->
        map.executeOnEntries(new InterestProcessors.Drop(node), new InterestProcessors.Names(node)).size(), false);
  }

  @Override
  public long localKeys() {
    return map.getLocalMapStats().getOwnedEntryCount();
  }

  private <T> Future<T> on(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }
}
