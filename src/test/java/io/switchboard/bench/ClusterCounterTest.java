package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClusterCounterTest {
  @Test
  void sumsEverySeriesOfTheNameAndNothingElse() {
    String text = """
        # HELP switchboard_hazelcast_map_operations_total operations
        # TYPE switchboard_hazelcast_map_operations_total counter
        switchboard_hazelcast_map_operations_total{node="a"} 12.0
        switchboard_hazelcast_map_operations_total{node="b"} 3.0
        switchboard_hazelcast_map_operations_total_other{node="a"} 100.0
        switchboard_sessions{node="a"} 7.0
        """;
    assertEquals(15.0, ClusterCounter.sumOf(text, "switchboard_hazelcast_map_operations_total"));
    assertEquals(7.0, ClusterCounter.sumOf(text, "switchboard_sessions"));
    assertEquals(0.0, ClusterCounter.sumOf(text, "absent"));
  }
}
