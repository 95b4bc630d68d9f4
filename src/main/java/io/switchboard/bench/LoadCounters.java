package io.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Named event counters of the load generator (error codes received, close codes, presence frames…),
 * safe to bump from any event loop. Reported in full so that nothing the server refused is hidden.
 */
public final class LoadCounters {

  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

  /** Adds one to {@code name}. */
  public void inc(String name) {
    add(name, 1);
  }

  /** Adds {@code n} to {@code name}. */
  public void add(String name, long n) {
    counts.computeIfAbsent(name, k -> new LongAdder()).add(n);
  }

  /** Current value (0 if never counted). */
  public long get(String name) {
    LongAdder a = counts.get(name);
    return a == null ? 0 : a.sum();
  }

  /** Sum of all counters whose name starts with {@code prefix}. */
  public long sumPrefix(String prefix) {
    long s = 0;
    for (Map.Entry<String, LongAdder> e : counts.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        s += e.getValue().sum();
      }
    }
    return s;
  }

  /** Everything, sorted by name. */
  public JsonObject toJson() {
    Map<String, Long> sorted = new TreeMap<>();
    counts.forEach((k, v) -> sorted.put(k, v.sum()));
    JsonObject o = new JsonObject();
    sorted.forEach(o::put);
    return o;
  }
}
