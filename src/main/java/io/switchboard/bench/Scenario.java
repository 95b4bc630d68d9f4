package io.switchboard.bench;

import io.vertx.core.json.JsonObject;

/** One benchmark scenario: run once against one target, it yields one {@link RoundResult}. */
public interface Scenario {

  /** How connections are opened: rate, handshakes in flight, overall bound for connect and subscribe. */
  record Ramp(double perSecond, int inFlight, double timeoutSeconds) {}

  /** Scenario name as on the command line. */
  String name();

  /** Its parameters, for the report. */
  JsonObject params();

  /** Connections this process will hold at the peak (checked against the descriptor limit). */
  int connections();

  /** Server nodes the scenario spreads its clients over (a started ceiling gets as many processes). */
  default int nodes() {
    return 1;
  }

  /**
   * Whether the load generator connects from 127.0.0.2–127.0.0.30 in turn (the default), or from the
   * kernel's default source address only (127.0.0.1 for a server on 127.0.0.1, which a gateway
   * exempts from its per-source limits by default).
   */
  default boolean spreadSources() {
    return true;
  }

  /** Runs once against {@code target} with a fresh client; blocks; every wait is bounded. */
  RoundResult run(Target target, LoadClient client, Ramp ramp) throws Exception;

  /** Adds server CPU per unit and the load generator's own CPU per unit, when measured. */
  static void cpuPer(RoundResult r, String unit, ProcStats.Sample serverStart, ProcStats.Sample serverEnd,
      ProcStats.Sample selfStart, ProcStats.Sample selfEnd, double units) {
    if (serverStart != null && serverEnd != null) {
      r.put("server_cpu_us_per_" + unit, units > 0 ? (serverEnd.cpuMicros() - serverStart.cpuMicros()) / units : Double.NaN);
    }
    r.put("client_cpu_us_per_" + unit, units > 0 ? (selfEnd.cpuMicros() - selfStart.cpuMicros()) / units : Double.NaN);
  }

  /** Adds RSS per connection (kB), when measured. */
  static void rssPerConnection(RoundResult r, ProcStats.Sample before, ProcStats.Sample after, int connections) {
    if (before != null && after != null && connections > 0) {
      r.put("server_rss_kb_per_conn", (after.rssKb() - before.rssKb()) / (double) connections);
      r.put("server_rss_mb", after.rssKb() / 1024.0);
    }
  }

  /** This process's own CPU and RSS. */
  static ProcStats.Sample self() {
    return ProcStats.read(ProcessHandle.current().pid());
  }

  /**
   * Records what a message window delivered (sent, expected, delivered, lost, duplicates, reordered,
   * rate, latency), each name after {@code prefix} ("" for a round of one window), and whether it
   * was clean: a round is clean when each of its windows is.
   */
  static void deliveries(RoundResult r, String prefix, long sentTotal, DeliveryTotals d, double window,
      boolean drained, Traffic traffic) {
    r.put(prefix + "sent", sentTotal).put(prefix + "expected", d.expected()).put(prefix + "delivered", d.delivered())
        .put(prefix + "lost", d.lost()).put(prefix + "duplicates", d.duplicates())
        .put(prefix + "reordered", d.reordered()).put(prefix + "delivered_per_s", d.delivered() / window);
    r.putLatency(prefix + "latency", LatencySummary.ofNanos(traffic.latency()));
    boolean clean = drained && d.lost() == 0 && d.duplicates() == 0 && d.reordered() == 0;
    r.details().put("ok", r.details().getBoolean("ok", true) && clean)
        .put(prefix + "drained", drained).put(prefix + "window_s", window);
  }

  /** Adds the load generator's failure counters (error codes, closes, connect failures). */
  /** Marks the round failed for {@code why}, with the client's failure counts; returns it. */
  static RoundResult failed(RoundResult r, LoadClient c, String why) {
    r.details().put("ok", false).put("why", why);
    failures(r, c);
    return r;
  }

  static void failures(RoundResult r, LoadClient c) {
    LoadCounters k = c.counters();
    r.put("errors", k.sumPrefix("error_"));
    r.put("rate_limited", k.get("error_rate_limited"));
    r.put("unexpected_closes", k.sumPrefix("unexpected_close_"));
    r.put("connect_failed", k.get("connect_failed"));
    r.details().put("counters", k.toJson());
  }
}
