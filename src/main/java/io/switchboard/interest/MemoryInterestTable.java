package io.switchboard.interest;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The in-memory twin of {@link HazelcastInterestTable}, for one process. Thread-safe. */
public final class MemoryInterestTable implements InterestTable {
  private final ConcurrentHashMap<String, Set<String>> table = new ConcurrentHashMap<>();

  @Override
  public Future<Void> add(String key, String node) {
    table.compute(key, (k, nodes) -> {
      Set<String> set = nodes != null ? nodes : ConcurrentHashMap.newKeySet();
      set.add(node);
      return set;
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> remove(String key, String node) {
    table.computeIfPresent(key, (k, nodes) -> nodes.remove(node) && nodes.isEmpty() ? null : nodes);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> addAll(Collection<String> keys, String node) {
    keys.forEach(key -> add(key, node));
    return Future.succeededFuture();
  }

  @Override
  public Future<List<String>> nodes(String key) {
    Set<String> nodes = table.get(key);
    return Future.succeededFuture(nodes == null ? List.of() : List.copyOf(nodes));
  }

  @Override
  public Future<Integer> dropNode(String node) {
    AtomicInteger named = new AtomicInteger();
    for (String key : table.keySet()) {
      table.computeIfPresent(key, (k, nodes) -> {
        if (nodes.remove(node)) {
          named.incrementAndGet();
        }
        return nodes.isEmpty() ? null : nodes;
      });
    }
    return Future.succeededFuture(named.get());
  }

  @Override
  public long localKeys() {
    return table.size();
  }
}
