package io.switchboard.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Medians over rounds and gateway/ceiling ratios. NaN values (not measured) are skipped. */
public final class Medians {

  private Medians() {}

  /** The median of the finite values, NaN if there is none (mean of the middle two for even counts). */
  public static double median(Collection<Double> values) {
    List<Double> v = new ArrayList<>();
    for (Double d : values) {
      if (d != null && Double.isFinite(d)) {
        v.add(d);
      }
    }
    if (v.isEmpty()) {
      return Double.NaN;
    }
    v.sort(Double::compare);
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2.0;
  }

  /** {@code gateway / ceiling}; NaN when either is not finite or the ceiling is 0. */
  public static double ratio(double gateway, double ceiling) {
    if (!Double.isFinite(gateway) || !Double.isFinite(ceiling) || ceiling == 0.0) {
      return Double.NaN;
    }
    return gateway / ceiling;
  }
}
