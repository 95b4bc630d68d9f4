package io.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one scenario run against one target: numeric metrics (compared across rounds and
 * targets) and free-form details (error codes, server stats, failures) kept for the JSON report.
 */
public final class RoundResult {

  private final String target;
  private final Map<String, Double> metrics = new LinkedHashMap<>();
  private final JsonObject details = new JsonObject();

  /** @param target label of the server measured ("gateway", "ceiling") */
  public RoundResult(String target) {
    this.target = target;
  }

  /** Label of the server measured. */
  public String target() {
    return target;
  }

  /** Sets a metric (NaN means "not measured"). */
  public RoundResult put(String name, double value) {
    metrics.put(name, value);
    return this;
  }

  /** Adds the four latency figures under {@code prefix}. */
  public RoundResult putLatency(String prefix, LatencySummary s) {
    put(prefix + "_p50_us", s.p50Us());
    put(prefix + "_p99_us", s.p99Us());
    put(prefix + "_p999_us", s.p999Us());
    put(prefix + "_max_us", s.maxUs());
    return this;
  }

  /** The metrics, in insertion order. */
  public Map<String, Double> metrics() {
    return metrics;
  }

  /** Free-form details for the JSON report. */
  public JsonObject details() {
    return details;
  }

  /** This round as JSON. */
  public JsonObject toJson() {
    JsonObject m = new JsonObject();
    metrics.forEach((k, v) -> m.put(k, Report.jsonNumber(v)));
    return new JsonObject().put("target", target).put("metrics", m).put("details", details);
  }
}
