package io.switchboard.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Medians per metric over the rounds of each target, and the ratio of two targets' medians
 * (gateway/ceiling, or whatever the two compared targets are).
 */
public final class Comparison {

  private Comparison() {}

  /** Metric names in first-seen order over all rounds. */
  public static Set<String> metricNames(List<RoundResult> rounds) {
    Set<String> names = new LinkedHashSet<>();
    for (RoundResult r : rounds) {
      names.addAll(r.metrics().keySet());
    }
    return names;
  }

  /** For each metric, the median over the rounds (NaN where never measured). */
  public static Map<String, Double> medians(List<RoundResult> rounds) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String name : metricNames(rounds)) {
      List<Double> values = new ArrayList<>();
      for (RoundResult r : rounds) {
        values.add(r.metrics().getOrDefault(name, Double.NaN));
      }
      out.put(name, Medians.median(values));
    }
    return out;
  }

  /** For each metric of either side, {@code gateway / ceiling} (NaN where undefined). */
  public static Map<String, Double> ratios(Map<String, Double> gateway, Map<String, Double> ceiling) {
    Set<String> names = new LinkedHashSet<>(gateway.keySet());
    names.addAll(ceiling.keySet());
    Map<String, Double> out = new LinkedHashMap<>();
    for (String n : names) {
      out.put(n, Medians.ratio(gateway.getOrDefault(n, Double.NaN), ceiling.getOrDefault(n, Double.NaN)));
    }
    return out;
  }
}
