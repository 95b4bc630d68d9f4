package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MediansTest {

  @Test
  void medianOddEvenAndNaN() {
    assertEquals(2.0, Medians.median(List.of(3.0, 1.0, 2.0)));
    assertEquals(2.5, Medians.median(List.of(4.0, 1.0, 2.0, 3.0)));
    assertEquals(2.0, Medians.median(Arrays.asList(Double.NaN, 1.0, 3.0, null)));
    assertTrue(Double.isNaN(Medians.median(List.of(Double.NaN))));
  }

  @Test
  void ratio() {
    assertEquals(2.0, Medians.ratio(10, 5));
    assertTrue(Double.isNaN(Medians.ratio(1, 0)));
    assertTrue(Double.isNaN(Medians.ratio(Double.NaN, 1)));
  }

  @Test
  void comparisonMediansAndRatios() {
    RoundResult g1 = new RoundResult("gateway").put("cpu", 10).put("lat", 100);
    RoundResult g2 = new RoundResult("gateway").put("cpu", 30).put("lat", 300);
    RoundResult g3 = new RoundResult("gateway").put("cpu", 20);
    RoundResult c1 = new RoundResult("ceiling").put("cpu", 5).put("lat", 50);
    Map<String, Double> g = Comparison.medians(List.of(g1, g2, g3));
    assertEquals(20.0, g.get("cpu"));
    assertEquals(200.0, g.get("lat"));
    Map<String, Double> c = Comparison.medians(List.of(c1));
    Map<String, Double> r = Comparison.ratios(g, c);
    assertEquals(4.0, r.get("cpu"));
    assertEquals(4.0, r.get("lat"));
  }
}
