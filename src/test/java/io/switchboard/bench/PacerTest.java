package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacerTest {

  @Test
  void issuesAtRateAndCatchesUpAfterLateTick() {
    Pacer p = new Pacer(100, 1000, 0);
    assertEquals(1, p.due(0));
    assertEquals(0, p.due(5_000_000)); // 5 ms: still the first
    assertEquals(10, p.due(100_000_000)); // 100 ms: 11 in all
    assertEquals(100, p.due(1_100_000_000)); // late tick catches up
    assertEquals(111, p.issued());
  }

  @Test
  void neverExceedsTotal() {
    Pacer p = new Pacer(1000, 50, 0);
    assertEquals(50, p.due(10_000_000_000L));
    assertEquals(0, p.due(20_000_000_000L));
    assertTrue(p.done());
  }
}
