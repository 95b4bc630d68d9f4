package io.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The churn check: after every client has gone, every numeric field of the server's {@code /stats}
 * (sessions, subscriptions, consumers, presence entries…, whatever the names are) must be 0.
 * Nested objects are flattened with dotted names.
 */
public final class StatsCheck {

  private StatsCheck() {}

  /** Every numeric field, flattened, in document order. */
  public static Map<String, Number> numericFields(JsonObject stats) {
    Map<String, Number> out = new LinkedHashMap<>();
    flatten("", stats, out);
    return out;
  }

  private static void flatten(String prefix, JsonObject o, Map<String, Number> out) {
    for (String k : o.fieldNames()) {
      Object v = o.getValue(k);
      if (v instanceof Number n) {
        out.put(prefix + k, n);
      } else if (v instanceof JsonObject j) {
        flatten(prefix + k + ".", j, out);
      }
    }
  }

  /** Names of the numeric fields that are not 0 (empty when the server is back to zero). */
  public static List<String> nonZero(JsonObject stats) {
    List<String> bad = new ArrayList<>();
    numericFields(stats).forEach((k, v) -> {
      if (v.doubleValue() != 0.0) {
        bad.add(k + "=" + v);
      }
    });
    return bad;
  }

  /** True when there is at least one numeric field and all of them are 0. */
  public static boolean allZero(JsonObject stats) {
    return !numericFields(stats).isEmpty() && nonZero(stats).isEmpty();
  }
}
