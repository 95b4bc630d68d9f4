package io.switchboard.interest;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** The in-memory twin of {@link HazelcastInterestTable}, for one process. Thread-safe. */
public final class MemoryInterestTable implements InterestTable {
  private final ConcurrentHashMap<String, InterestEntry> table = new ConcurrentHashMap<>();

  /** Changes one key atomically; returns its entry as it was (empty when absent). */
  private InterestEntry change(String key, UnaryOperator<InterestEntry> change) {
    InterestEntry[] before = new InterestEntry[1];
    table.compute(key, (k, current) -> {
      before[0] = InterestEntry.orEmpty(current);
      InterestEntry next = change.apply(before[0]);
      return next.isEmpty() ? null : next;
    });
    return before[0];
  }

  @Override
  public Future<List<String>> add(String key, String node) {
    return Future.succeededFuture(change(key, e -> e.withNode(node, true)).readers());
  }

  @Override
  public Future<List<String>> remove(String key, String node) {
    return Future.succeededFuture(change(key, e -> e.withNode(node, false)).readers());
  }

  @Override
  public Future<Map<String, List<String>>> addAll(Collection<String> keys, String node) {
    Map<String, List<String>> readers = new HashMap<>();
    keys.forEach(key -> readers.put(key, change(key, e -> e.withNode(node, true)).readers()));
    return Future.succeededFuture(readers);
  }

  @Override
  public Future<List<String>> read(String key, String reader) {
    return Future.succeededFuture(change(key, e -> e.withReader(reader, true)).nodes());
  }

  @Override
  public Future<Void> forget(Collection<String> keys, String reader) {
    keys.forEach(key -> change(key, e -> e.withReader(reader, false)));
    return Future.succeededFuture();
  }

  @Override
  public Future<List<String>> nodes(String key) {
    return Future.succeededFuture(InterestEntry.orEmpty(table.get(key)).nodes());
  }

  @Override
  public Future<Integer> dropNode(String node) {
    AtomicInteger named = new AtomicInteger();
    for (Map.Entry<String, InterestEntry> e : table.entrySet()) {
      InterestEntry before = change(e.getKey(), v -> v.withNode(node, false).withReader(node, false));
      if (before.hasNode(node) || before.hasReader(node)) {
        named.incrementAndGet();
      }
    }
    return Future.succeededFuture(named.get());
  }

  @Override
  public long localKeys() {
    return table.size();
  }
}
