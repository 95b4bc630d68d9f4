package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class StormScenarioTest {

  private static StormScenario storm(String source, double stormRate) {
    return new StormScenario(1000, 50, 30, new HandshakeStorm.Plan(source, stormRate, 30, 64, 5), 2, "bench:storm", 10);
  }

  @Test
  void stormSourceIsAnotherIpv4LoopbackAddress() {
    assertEquals("127.0.0.200", storm("127.0.0.200", 300).params().getString("storm_source"));
    storm("127.9.8.7", 300);
    assertThrows(IllegalArgumentException.class, () -> storm("127.0.0.1", 300));
    assertThrows(IllegalArgumentException.class, () -> storm("10.0.0.2", 300));
    assertThrows(IllegalArgumentException.class, () -> storm("localhost", 300));
    assertThrows(IllegalArgumentException.class, () -> storm("::1", 300));
    assertThrows(IllegalArgumentException.class, () -> storm("127.0.0.2", 0));
    assertThrows(IllegalArgumentException.class, () -> storm("127.0.0.2", Double.NaN));
    assertThrows(IllegalArgumentException.class,
        () -> new StormScenario(0, 50, 30, new HandshakeStorm.Plan("127.0.0.2", 300, 30, 64, 5), 2, "c", 10));
    assertThrows(IllegalArgumentException.class, () -> new HandshakeStorm.Plan("127.0.0.2", 300, 30, 0, 5));
    assertEquals(9000, new HandshakeStorm.Plan("127.0.0.2", 300, 30, 64, 5).total());
  }

  @Test
  void refusedOnTheCommandLineBeforeAnyConnection() {
    assertEquals(2, BenchCommand.run("storm", "--url", "ws://127.0.0.1:1/ws", "--secret", "s",
        "--storm-source", "192.168.1.2"));
    assertEquals(2, BenchCommand.run("storm", "--url", "ws://127.0.0.1:1/ws", "--secret", "s",
        "--storm-source", "127.0.0.1"));
  }

  @Test
  void bystandersComeFromTheDefaultAddressAndTheStormCounts() {
    StormScenario s = storm("127.0.0.2", 300);
    assertFalse(s.spreadSources());
    assertEquals(1000 + 1 + 64, s.connections());
  }

  @Test
  void percentOfOneCore() {
    assertEquals(15.0, StormScenario.percentOfCore(4_500_000, 30), 1e-9);
    assertTrue(Double.isNaN(StormScenario.percentOfCore(1, 0)));
  }

  @Test
  void stormFiguresHaveTheExpectedRowsEvenWhenZero() {
    LoadCounters outcomes = new LoadCounters();
    outcomes.add("status_429", 8990);
    outcomes.add("status_503", 3);
    outcomes.add("timeout", 7);
    Histogram answer = LatencySummary.newHistogram();
    answer.recordValue(200_000);
    RoundResult r = new RoundResult("defence-on");
    StormScenario.stormFigures(r,
        new HandshakeStorm.Result(9000, 9000, 0, 30.0, outcomes, answer), 1_800_000);
    assertEquals(0.0, r.metrics().get("handshake_status_101"));
    assertEquals(0.0, r.metrics().get("handshake_close_4001"));
    assertEquals(8990.0, r.metrics().get("handshake_status_429"));
    assertEquals(3.0, r.metrics().get("handshake_status_503"));
    assertEquals(7.0, r.metrics().get("handshake_timeout"));
    assertEquals(300.0, r.metrics().get("handshakes_per_s"));
    assertEquals(200.0, r.metrics().get("handshake_cost_us"));
    assertEquals(200.0, r.metrics().get("handshake_answer_p50_us"), 1.0);
    assertTrue(r.details().getBoolean("ok", true));

    RoundResult skipped = new RoundResult("defence-off");
    StormScenario.stormFigures(skipped,
        new HandshakeStorm.Result(9000, 8000, 1000, 31.0, new LoadCounters(), LatencySummary.newHistogram()), 0);
    assertFalse(skipped.details().getBoolean("ok"));
    assertTrue(skipped.details().getString("why").contains("8000 of 9000"));
  }
}
