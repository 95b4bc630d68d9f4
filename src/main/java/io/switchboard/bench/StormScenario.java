package io.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code storm}: what a storm of handshakes with an expired token costs the server, and what it does
 * to the others. S bystanders subscribe to one channel and a publisher sends R messages/s to it for
 * the whole round (the machinery of {@code fanout}); a baseline window measures the server's CPU and
 * the bystanders' latency and loss without the storm, then a storm window measures them again while
 * {@link HandshakeStorm} opens H handshakes/s with a correctly signed but expired token from another
 * source address. The storm's cost is the difference of the server's CPU between the windows, in %
 * of one core.
 *
 * <p>The bystanders connect from the kernel's default source address (127.0.0.1, which the gateway
 * exempts from its per-source limits by default); the storm comes from {@code --storm-source}
 * ({@link HandshakeStorm.Plan}).
 */
public final class StormScenario implements Scenario {

  private final int subscribers;
  private final double rate;
  private final double baselineSeconds;
  private final HandshakeStorm.Plan storm;
  private final double warmupSeconds;
  private final String channel;
  private final double drainSeconds;

  /**
   * See the command-line options of {@code storm}.
   *
   * @throws IllegalArgumentException for no bystander, or a rate or baseline that is not positive
   */
  public StormScenario(int subscribers, double rate, double baselineSeconds, HandshakeStorm.Plan storm,
      double warmupSeconds, String channel, double drainSeconds) {
    if (subscribers < 1 || !(rate > 0) || !(baselineSeconds > 0) || Double.isInfinite(rate + baselineSeconds)) {
      throw new IllegalArgumentException("--subscribers, --rate and --baseline must be positive");
    }
    this.subscribers = subscribers;
    this.rate = rate;
    this.baselineSeconds = baselineSeconds;
    this.storm = storm;
    this.warmupSeconds = warmupSeconds;
    this.channel = channel;
    this.drainSeconds = drainSeconds;
  }

  @Override
  public String name() {
    return "storm";
  }

  @Override
  public JsonObject params() {
    return new JsonObject().put("subscribers", subscribers).put("rate", rate).put("baseline", baselineSeconds)
        .put("storm_rate", storm.perSecond()).put("storm_seconds", storm.seconds()).put("storm_source", storm.source())
        .put("storm_in_flight", storm.maxInFlight()).put("storm_timeout", storm.timeoutSeconds())
        .put("warmup", warmupSeconds).put("channel", channel);
  }

  @Override
  public int connections() {
    return subscribers + 1 + storm.maxInFlight();
  }

  @Override
  public boolean spreadSources() {
    return false;
  }

  /** One measured window: the server's CPU in % of one core, its length, and the storm's result if any. */
  private record Window(double serverCpuPct, double seconds, HandshakeStorm.Result storm) {}

  @Override
  public RoundResult run(Target t, LoadClient c, Ramp ramp) throws Exception {
    RoundResult r = new RoundResult(t.label());
    try (FanoutClients f = FanoutClients.open(c, t.url(), t.url(), subscribers, 1, channel, ramp, r)) {
      if (!f.ready(r)) {
        return r;
      }
      f.warmUp(rate, warmupSeconds);
      Window base = window(f, t, r, "base_", 0, baselineSeconds, null);
      HandshakeStorm expired = new HandshakeStorm(c.vertx(), t.url(), c.expiredToken("bench-storm"), storm);
      Window during = window(f, t, r, "storm_", 1, storm.seconds(), expired);

      double cost = during.serverCpuPct() - base.serverCpuPct();
      r.put("storm_cost_cpu_pct", cost);
      r.put("p99_storm_over_base", Medians.ratio(r.metrics().get("storm_latency_p99_us"),
          r.metrics().get("base_latency_p99_us")));
      HandshakeStorm.Result s = during.storm();
      if (s != null) {
        stormFigures(r, s, cost * during.seconds() * 1e4);
      }
      Scenario.failures(r, c);
      return r;
    }
  }

  /**
   * Publishes for {@code seconds} (publisher id {@code pubId}) with the storm running alongside if
   * given, drains, and records the window's deliveries and the server's and the load generator's
   * CPU in % of one core, each under {@code prefix}.
   */
  private Window window(FanoutClients f, Target t, RoundResult r, String prefix, long pubId, double seconds,
      HandshakeStorm handshakes) throws InterruptedException {
    f.startWindow();
    ProcStats.Sample serverStart = t.probe();
    ProcStats.Sample selfStart = Scenario.self();
    long start = System.nanoTime();
    Future<HandshakeStorm.Result> running = handshakes == null ? null : handshakes.start();
    Map<Long, Long> sent = f.publish(pubId, rate, seconds);
    boolean drained = f.drain(sent, drainSeconds);
    HandshakeStorm.Result result = null;
    if (running != null) {
      try {
        result = running.timeout((long) ((storm.seconds() + storm.timeoutSeconds() + 10) * 1000), TimeUnit.MILLISECONDS)
            .await();
      } catch (RuntimeException e) {
        r.details().put("ok", false).put("why", "the storm did not end in time: " + e);
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    ProcStats.Sample serverEnd = t.probe();
    ProcStats.Sample selfEnd = Scenario.self();
    Scenario.deliveries(r, prefix, FanoutClients.total(sent), f.totals(sent), elapsed, drained, f.traffic());
    double serverPct = serverStart == null || serverEnd == null ? Double.NaN
        : percentOfCore(serverEnd.cpuMicros() - serverStart.cpuMicros(), elapsed);
    r.put(prefix + "server_cpu_pct", serverPct);
    r.put(prefix + "client_cpu_pct", percentOfCore(selfEnd.cpuMicros() - selfStart.cpuMicros(), elapsed));
    return new Window(serverPct, elapsed, result);
  }

  /** CPU time over a wall-clock window, in % of one core. */
  static double percentOfCore(long cpuMicros, double seconds) {
    return seconds > 0 ? cpuMicros / (seconds * 1e6) * 100 : Double.NaN;
  }

  /**
   * The storm's figures, named {@code handshake…}: what was offered and attempted, each outcome
   * (those expected of a gateway with and without its defence always present, so that both targets
   * have the same rows), the time from connect to outcome, and the server's CPU per attempt from
   * its {@code costMicros}.
   */
  static void stormFigures(RoundResult r, HandshakeStorm.Result s, double costMicros) {
    r.put("handshakes_offered", s.offered()).put("handshakes_attempted", s.attempted())
        .put("handshakes_skipped", s.skipped())
        .put("handshakes_per_s", s.seconds() > 0 ? s.attempted() / s.seconds() : Double.NaN)
        .put("handshake_cost_us", s.attempted() > 0 ? costMicros / s.attempted() : Double.NaN);
    for (String name : List.of("status_101", "close_4001", "status_429", "connect_failed", "timeout")) {
      r.put("handshake_" + name, s.outcomes().get(name));
    }
    s.outcomes().toJson().forEach(e -> r.put("handshake_" + e.getKey(), ((Number) e.getValue()).doubleValue()));
    r.putLatency("handshake_answer", LatencySummary.ofNanos(s.answer()));
    r.details().put("storm_outcomes", s.outcomes().toJson());
    if (s.skipped() > 0) {
      r.details().put("ok", false).put("why", "the storm offered only " + s.attempted() + " of " + s.offered()
          + " handshakes: " + s.skipped() + " fell due while --storm-in-flight were pending");
    }
  }
}
