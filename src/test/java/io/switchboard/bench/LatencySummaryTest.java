package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  @Test
  void percentilesInMicroseconds() {
    Histogram h = LatencySummary.newHistogram();
    for (int i = 1; i <= 1000; i++) {
      h.recordValue(i * 1000L); // 1..1000 µs
    }
    LatencySummary s = LatencySummary.ofNanos(h);
    assertEquals(1000, s.count());
    assertEquals(500, s.p50Us(), 1.0);
    assertEquals(990, s.p99Us(), 1.0);
    assertEquals(999, s.p999Us(), 1.0);
    assertEquals(1000, s.maxUs(), 1.0);
    assertEquals(500.5, s.meanUs(), 1.0);
  }

  @Test
  void emptyIsNaN() {
    LatencySummary s = LatencySummary.ofNanos(LatencySummary.newHistogram());
    assertEquals(0, s.count());
    assertTrue(Double.isNaN(s.p99Us()));
  }

  @Test
  void largeValuesKeepThreeDigits() {
    Recorder r = new Recorder(3);
    r.recordValue(2_000_000_000L); // 2 s
    r.recordValue(50_000L);
    LatencySummary s = LatencySummary.ofNanos(r.getIntervalHistogram());
    assertEquals(2_000_000, s.maxUs(), 2_000);
    assertEquals(50, s.p50Us(), 0.1);
  }
}
