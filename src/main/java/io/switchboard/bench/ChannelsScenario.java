package io.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code channels}: P two-member channels; both members subscribe to their channel and publish to it
 * at r messages/s each, so each receives its own messages and its partner's.
 */
public final class ChannelsScenario implements Scenario {

  private final int pairs;
  private final double rate;
  private final double seconds;
  private final double warmupSeconds;
  private final String prefix;
  private final double drainSeconds;

  /** See the command-line options of {@code channels}. */
  public ChannelsScenario(int pairs, double rate, double seconds, double warmupSeconds, String prefix, double drainSeconds) {
    this.pairs = pairs;
    this.rate = rate;
    this.seconds = seconds;
    this.warmupSeconds = warmupSeconds;
    this.prefix = prefix;
    this.drainSeconds = drainSeconds;
  }

  @Override
  public String name() {
    return "channels";
  }

  @Override
  public JsonObject params() {
    return new JsonObject().put("pairs", pairs).put("rate_per_client", rate).put("seconds", seconds)
        .put("warmup", warmupSeconds).put("prefix", prefix);
  }

  @Override
  public int connections() {
    return 2 * pairs;
  }

  private String channel(BenchSocket s) {
    return prefix + (s.index() / 2);
  }

  @Override
  public RoundResult run(Target t, LoadClient c, Ramp ramp) throws Exception {
    RoundResult r = new RoundResult(t.label());
    Traffic traffic = new Traffic();
    ProcStats.Sample before = t.probe();
    LoadClient.Connected conns = c.connectAll(t.url(), 2 * pairs, i -> "bench-pair-" + i, ramp);
    r.put("connect_s", conns.seconds());
    try {
      if (conns.sockets().size() < 2 * pairs) {
        r.details().put("ok", false).put("why", "connections failed: " + conns.firstFailures());
        Scenario.failures(r, c);
        return r;
      }
      List<BenchSocket> all = conns.sockets();
      for (BenchSocket s : all) {
        s.attachment = new SubscriberLedger();
        s.listener(traffic.receiver());
      }
      long t0 = System.nanoTime();
      boolean subscribed = traffic.subscribeAll(all, this::channel, ramp.timeoutSeconds());
      r.put("subscribe_s", (System.nanoTime() - t0) / 1e9);
      if (!subscribed) {
        r.details().put("ok", false).put("why", "only " + traffic.subscribedCount() + " subscribed");
        Scenario.failures(r, c);
        return r;
      }
      Scenario.rssPerConnection(r, before, t.probe(), all.size());
      if (warmupSeconds > 0) {
        List<Traffic.Publisher> warm = new ArrayList<>();
        for (BenchSocket s : all) {
          warm.add(new Traffic.Publisher(s, Traffic.WARMUP_BASE + s.index(), channel(s), rate, (long) (rate * warmupSeconds)));
        }
        traffic.publish(warm, 10, warmupSeconds + 10);
        Thread.sleep(500);
      }
      List<Traffic.Publisher> pubs = new ArrayList<>();
      long total = Math.max(1, (long) (rate * seconds));
      for (BenchSocket s : all) {
        pubs.add(new Traffic.Publisher(s, s.index(), channel(s), rate, total));
      }
      traffic.resetLatency();
      ProcStats.Sample serverStart = t.probe();
      ProcStats.Sample selfStart = Scenario.self();
      long start = System.nanoTime();
      Map<Long, Long> sent = traffic.publish(pubs, 10, seconds + 30);
      long sentTotal = sent.values().stream().mapToLong(Long::longValue).sum();
      boolean drained = traffic.drain(2 * sentTotal, drainSeconds);
      double window = (System.nanoTime() - start) / 1e9;
      ProcStats.Sample serverEnd = t.probe();
      ProcStats.Sample selfEnd = Scenario.self();
      Map<SubscriberLedger, Map<Long, Long>> expected = new IdentityHashMap<>();
      for (BenchSocket s : all) {
        long a = s.index() & ~1L;
        expected.put((SubscriberLedger) s.attachment, Map.of(a, sent.getOrDefault(a, 0L), a + 1, sent.getOrDefault(a + 1, 0L)));
      }
      DeliveryTotals d = DeliveryTotals.of(expected.keySet(), expected::get);
      Scenario.deliveries(r, "", sentTotal, d, window, drained, traffic);
      Scenario.cpuPer(r, "msg", serverStart, serverEnd, selfStart, selfEnd, traffic.arrivals());
      Scenario.failures(r, c);
      return r;
    } finally {
      c.closeAll(conns.sockets(), 10);
    }
  }
}
