package io.switchboard.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders the rounds of one invocation as a readable table and as one JSON object. */
public final class Report {

  private Report() {}

  /** A finite double as itself, a NaN/infinite one as JSON null. */
  public static Object jsonNumber(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** Formats a number for the table: integers plainly, small values with 3 significant decimals. */
  public static String fmt(double v) {
    if (!Double.isFinite(v)) {
      return "-";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%d", (long) v);
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /**
   * Builds the JSON object.
   *
   * @param scenario scenario name
   * @param params scenario parameters
   * @param byTarget rounds per target label, in the order to show
   */
  public static JsonObject json(String scenario, JsonObject params, Map<String, List<RoundResult>> byTarget) {
    JsonObject targets = new JsonObject();
    Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
    byTarget.forEach((label, rounds) -> {
      JsonArray rs = new JsonArray();
      rounds.forEach(r -> rs.add(r.toJson()));
      Map<String, Double> med = Comparison.medians(rounds);
      medians.put(label, med);
      JsonObject m = new JsonObject();
      med.forEach((k, v) -> m.put(k, jsonNumber(v)));
      targets.put(label, new JsonObject().put("rounds", rs).put("median", m));
    });
    JsonObject out = new JsonObject().put("scenario", scenario).put("params", params).put("targets", targets);
    List<String> labels = new ArrayList<>(medians.keySet());
    if (labels.size() == 2) {
      JsonObject ratios = new JsonObject();
      Comparison.ratios(medians.get(labels.get(0)), medians.get(labels.get(1))).forEach((k, v) -> ratios.put(k, jsonNumber(v)));
      out.put("ratio_of", labels.get(0) + "/" + labels.get(1)).put("ratios", ratios);
    }
    return out;
  }

  /**
   * Prints the table: one row per metric, per-round values, the median per target and, for two
   * targets, the ratio of the first's median to the second's.
   */
  public static void table(PrintStream out, String scenario, JsonObject params, Map<String, List<RoundResult>> byTarget) {
    out.println("== " + scenario + "  " + params.encode());
    List<String> header = new ArrayList<>();
    header.add("metric");
    byTarget.forEach((label, rounds) -> {
      for (int i = 0; i < rounds.size(); i++) {
        header.add(label + "#" + (i + 1));
      }
      header.add(label + " median");
    });
    List<String> labels = new ArrayList<>(byTarget.keySet());
    boolean ratio = labels.size() == 2;
    if (ratio) {
      header.add(labels.get(0) + "/" + labels.get(1));
    }
    List<RoundResult> all = new ArrayList<>();
    byTarget.values().forEach(all::addAll);
    Map<String, Map<String, Double>> med = new LinkedHashMap<>();
    byTarget.forEach((label, rounds) -> med.put(label, Comparison.medians(rounds)));
    Map<String, Double> ratios = ratio ? Comparison.ratios(med.get(labels.get(0)), med.get(labels.get(1))) : Map.of();
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    for (String name : Comparison.metricNames(all)) {
      List<String> row = new ArrayList<>();
      row.add(name);
      byTarget.forEach((label, rounds) -> {
        rounds.forEach(r -> row.add(fmt(r.metrics().getOrDefault(name, Double.NaN))));
        row.add(fmt(med.get(label).getOrDefault(name, Double.NaN)));
      });
      if (ratio) {
        row.add(fmt(ratios.getOrDefault(name, Double.NaN)));
      }
      rows.add(row);
    }
    int[] w = new int[header.size()];
    for (List<String> r : rows) {
      for (int i = 0; i < r.size(); i++) {
        w[i] = Math.max(w[i], r.get(i).length());
      }
    }
    for (List<String> r : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        String cell = r.get(i);
        if (i == 0) {
          sb.append(cell).append(" ".repeat(w[i] - cell.length()));
        } else {
          sb.append("  ").append(" ".repeat(w[i] - cell.length())).append(cell);
        }
      }
      out.println(sb);
    }
  }
}
