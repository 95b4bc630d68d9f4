package io.switchboard.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * What a {@code rolling} round found, summed over its clients: offsets lost, repeated, reordered or
 * unexpected; acknowledged publications missing from their stream; the sockets the servers closed
 * and the reconnects; and per node the 1001s it sent (how many, over how long) and the peak rate of
 * reconnects it received in any one second.
 */
record RollingTotals(long lost, long duplicates, long reordered, long unexpected, long recoveredFalse,
    long resubscribes, long[] unexpectedKinds, long ackedMissing, long acked, long closes, long goingAway, long reconnects,
    long refusedAttempts, long gaveUp, long skipped, JsonObject closesByCode, JsonArray perNode) {

  static RollingTotals of(List<ResumeLedger> ledgers, List<JsonObject> topOfEach, Map<String, Map<Long, String>> acked,
      Map<String, JsonObject> tops, RollingScenario.Counts counts, List<RollingScenario.Times> reconnectsTo,
      List<RollingScenario.Times> goingAwayFrom, List<LoopbackUrl> nodes) {
    long lost = 0;
    long duplicates = 0;
    long reordered = 0;
    long unexpected = 0;
    long recoveredFalse = 0;
    long resubscribes = 0;
    long[] kinds = new long[3];
    for (int i = 0; i < ledgers.size(); i++) {
      ResumeLedger l = ledgers.get(i);
      JsonObject top = topOfEach.get(i);
      lost += top == null ? 1 : l.missing(top.getLong("offset", 0L));
      duplicates += l.duplicates();
      reordered += l.reordered();
      unexpected += l.unexpected();
      long[] k = l.unexpectedKinds();
      for (int j = 0; j < kinds.length; j++) {
        kinds[j] += k[j];
      }
      recoveredFalse += l.recoveredFalse();
      resubscribes += l.resubscribes();
    }
    long ackedMissing = 0;
    long ackedCount = 0;
    for (Map.Entry<String, Map<Long, String>> channel : acked.entrySet()) {
      JsonObject top = tops.get(channel.getKey());
      for (Map.Entry<Long, String> a : channel.getValue().entrySet()) {
        ackedCount++;
        if (top == null || !a.getValue().equals(top.getString("epoch")) || a.getKey() > top.getLong("offset", 0L)) {
          ackedMissing++;
        }
      }
    }
    JsonObject byCode = new JsonObject();
    long closes = 0;
    for (Map.Entry<Short, java.util.concurrent.atomic.AtomicLong> e : counts.closesByCode.entrySet()) {
      byCode.put(Short.toString(e.getKey()), e.getValue().get());
      closes += e.getValue().get();
    }
    JsonArray perNode = new JsonArray();
    long goingAway = 0;
    for (int n = 0; n < nodes.size(); n++) {
      RollingScenario.Times away = goingAwayFrom.get(n);
      RollingScenario.Times back = reconnectsTo.get(n);
      goingAway += away.count();
      perNode.add(new JsonObject().put("node", nodes.get(n).toString())
          .put("going_away_sent", away.count()).put("going_away_spread_s", away.spreadSeconds())
          .put("going_away_peak_per_s", away.peakPerSecond())
          .put("reconnects_received", back.count()).put("reconnects_peak_per_s", back.peakPerSecond()));
    }
    return new RollingTotals(lost, duplicates, reordered, unexpected, recoveredFalse, resubscribes, kinds, ackedMissing,
        ackedCount, closes, goingAway, counts.reconnects.get(), counts.refusedAttempts.get(), counts.gaveUp.get(),
        counts.skipped.get(), byCode, perNode);
  }

  /** Nothing lost, repeated, reordered or unexpected; every acknowledged publication stored; every closed socket back once. */
  boolean clean() {
    return lost == 0 && duplicates == 0 && reordered == 0 && unexpected == 0 && ackedMissing == 0 && gaveUp == 0
        && reconnects == closes;
  }

  String why(boolean caughtUp) {
    return (caughtUp ? "" : "not every client caught up with its channel's top; ") + "lost " + lost
        + ", duplicates " + duplicates + ", reordered " + reordered + ", unexpected " + unexpected
        + " (at or before the start " + unexpectedKinds[0] + ", another epoch " + unexpectedKinds[1]
        + ", before a position " + unexpectedKinds[2] + ")"
        + ", acknowledged but not stored " + ackedMissing + ", closes " + closes + " vs reconnects " + reconnects
        + ", gave up " + gaveUp;
  }

  void putInto(RoundResult r) {
    r.put("acked", acked).put("offsets_lost", lost).put("duplicates", duplicates).put("reordered", reordered)
        .put("unexpected", unexpected).put("acked_not_stored", ackedMissing).put("recovered_false", recoveredFalse)
        .put("resubscribes", resubscribes).put("closes_by_server", closes).put("going_away", goingAway)
        .put("reconnects", reconnects).put("refused_attempts", refusedAttempts).put("gave_up", gaveUp)
        .put("publish_skipped", skipped);
    int peak = 0;
    for (Object o : perNode) {
      peak = Math.max(peak, ((JsonObject) o).getInteger("reconnects_peak_per_s"));
    }
    r.put("reconnects_peak_per_s", peak);
    r.details().put("closes_by_code", closesByCode).put("per_node", perNode);
  }
}
