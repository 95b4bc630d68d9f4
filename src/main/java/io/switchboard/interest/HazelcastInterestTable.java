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
 * The cluster's {@link InterestTable}: one Hazelcast IMap entry per key (the node ids that want
 * it), changed only by entry processors on the key's partition, with one backup. A read goes to the
 * partition's owner, which applied every change before it in order: so a completed {@link #add} is
 * seen by every later {@link #nodes}. Costs do not grow with the number of nodes: one operation per
 * change and per read, on one member (and its backup), and no member listens to the whole table.
 */
public final class HazelcastInterestTable implements InterestTable {
  private final Vertx vertx;
  private final IMap<String, String[]> map;

  public HazelcastInterestTable(Vertx vertx, HazelcastInstance hazelcast, String mapName) {
    this.vertx = vertx;
    this.map = hazelcast.getMap(mapName);
  }

  @Override
  public Future<Void> add(String key, String node) {
    return on(map.submitToKey(key, new InterestProcessors.Add(node))).mapEmpty();
  }

  @Override
  public Future<Void> remove(String key, String node) {
    return on(map.submitToKey(key, new InterestProcessors.Remove(node))).mapEmpty();
  }

  @Override
  public Future<Void> addAll(Collection<String> keys, String node) {
    if (keys.isEmpty()) {
      return Future.succeededFuture();
    }
    // one operation per partition owner, not per key
    return on(map.submitToKeys(new HashSet<>(keys), new InterestProcessors.Add(node))).mapEmpty();
  }

  @Override
  public Future<List<String>> nodes(String key) {
    return on(map.getAsync(key)).map(nodes -> nodes == null ? List.of() : List.of(nodes));
  }

  @Override
  public Future<Integer> dropNode(String node) {
    return vertx.getOrCreateContext().executeBlocking(() -> {
      Map<String, Boolean> named = map.executeOnEntries(new InterestProcessors.Remove(node));
      return (int) named.values().stream().filter(Boolean.TRUE::equals).count();
    }, false);
  }

  @Override
  public long localKeys() {
    return map.getLocalMapStats().getOwnedEntryCount();
  }

  private <T> Future<T> on(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }
}
