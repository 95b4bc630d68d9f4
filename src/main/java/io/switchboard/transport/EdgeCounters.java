package io.switchboard.transport;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Running totals of what the edge refused, by reason, for the metrics endpoint. */
public final class EdgeCounters {
  private final Map<HttpRejection, LongAdder> rejections = new EnumMap<>(HttpRejection.class);

  public EdgeCounters() {
    for (HttpRejection r : HttpRejection.values()) {
      rejections.put(r, new LongAdder());
    }
  }

  void count(HttpRejection reason) {
    rejections.get(reason).increment();
  }

  /** Requests refused for {@code reason}. */
  public long rejections(HttpRejection reason) {
    return rejections.get(reason).sum();
  }
}
