package io.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code fanout}: one channel, S subscribers, R messages/s from P publishers. With {@code crossNode},
 * publishers connect to the target's {@code pubUrl} (another node), subscribers to its {@code url}.
 */
public final class FanoutScenario implements Scenario {

  private final boolean crossNode;
  private final int subscribers;
  private final int publishers;
  private final double rate;
  private final double seconds;
  private final double warmupSeconds;
  private final String channel;
  private final double drainSeconds;

  /** See the command-line options of {@code fanout} for the meaning of each parameter. */
  public FanoutScenario(boolean crossNode, int subscribers, int publishers, double rate, double seconds,
      double warmupSeconds, String channel, double drainSeconds) {
    this.crossNode = crossNode;
    this.subscribers = subscribers;
    this.publishers = publishers;
    this.rate = rate;
    this.seconds = seconds;
    this.warmupSeconds = warmupSeconds;
    this.channel = channel;
    this.drainSeconds = drainSeconds;
  }

  @Override
  public String name() {
    return crossNode ? "cross-node" : "fanout";
  }

  @Override
  public int nodes() {
    return crossNode ? 2 : 1;
  }

  @Override
  public JsonObject params() {
    return new JsonObject().put("subscribers", subscribers).put("publishers", publishers).put("rate", rate)
        .put("seconds", seconds).put("warmup", warmupSeconds).put("channel", channel);
  }

  @Override
  public int connections() {
    return subscribers + publishers;
  }

  @Override
  public RoundResult run(Target t, LoadClient c, Ramp ramp) throws Exception {
    RoundResult r = new RoundResult(t.label());
    Traffic traffic = new Traffic();
    ProcStats.Sample before = t.probe();

    LoadClient.Connected subs = c.connectAll(t.url(), subscribers, i -> "bench-sub-" + i,
        ramp.perSecond(), ramp.inFlight(), ramp.timeoutSeconds());
    r.put("connect_s", subs.seconds());
    for (BenchSocket s : subs.sockets()) {
      s.attachment = new SubscriberLedger();
      s.listener(traffic.receiver());
    }
    long t0 = System.nanoTime();
    boolean allSubscribed = traffic.subscribeAll(subs.sockets(), s -> channel, ramp.timeoutSeconds());
    r.put("subscribe_s", (System.nanoTime() - t0) / 1e9);
    r.put("subscribed", traffic.subscribedCount());
    LoadClient.Connected pubs = c.connectAll(crossNode ? t.pubUrl() : t.url(), publishers,
        i -> "bench-pub-" + i, ramp.perSecond(), ramp.inFlight(), ramp.timeoutSeconds());
    for (BenchSocket s : pubs.sockets()) {
      s.listener(traffic.receiver());
    }
    if (!subs.firstFailures().isEmpty() || !pubs.firstFailures().isEmpty()) {
      r.details().put("connect_failures", subs.firstFailures().toString() + pubs.firstFailures());
    }
    try {
      if (!allSubscribed || pubs.sockets().size() < publishers || subs.sockets().size() < subscribers) {
        r.details().put("ok", false).put("why", "not every connection opened and subscribed in time");
        Scenario.failures(r, c);
        return r;
      }
      ProcStats.Sample connected = t.probe();
      Scenario.rssPerConnection(r, before, connected, subscribers + publishers);

      double perPub = rate / publishers;
      if (warmupSeconds > 0) {
        List<Traffic.Publisher> warm = new ArrayList<>();
        for (BenchSocket p : pubs.sockets()) {
          warm.add(new Traffic.Publisher(p, Traffic.WARMUP_BASE + p.index(), channel, perPub,
              (long) (perPub * warmupSeconds)));
        }
        traffic.publish(warm, 5, warmupSeconds + 10);
        Thread.sleep(500);
      }

      List<Traffic.Publisher> list = new ArrayList<>();
      long perPubTotal = Math.max(1, (long) (perPub * seconds));
      for (BenchSocket p : pubs.sockets()) {
        list.add(new Traffic.Publisher(p, p.index(), channel, perPub, perPubTotal));
      }
      traffic.resetLatency();
      ProcStats.Sample serverStart = t.probe();
      ProcStats.Sample selfStart = Scenario.self();
      long start = System.nanoTime();
      Map<Long, Long> sent = traffic.publish(list, 5, seconds + 30);
      long sentTotal = sent.values().stream().mapToLong(Long::longValue).sum();
      boolean drained = traffic.drain(sentTotal * subs.sockets().size(), drainSeconds);
      double window = (System.nanoTime() - start) / 1e9;
      ProcStats.Sample serverEnd = t.probe();
      ProcStats.Sample selfEnd = Scenario.self();

      Map<Long, Long> expected = new HashMap<>(sent);
      List<SubscriberLedger> ledgers = subs.sockets().stream().map(s -> (SubscriberLedger) s.attachment).toList();
      DeliveryTotals d = DeliveryTotals.of(ledgers, l -> expected);
      Scenario.deliveries(r, sentTotal, d, window, drained, traffic);
      Scenario.cpuPer(r, "msg", serverStart, serverEnd, selfStart, selfEnd, traffic.arrivals());
      Scenario.failures(r, c);
      return r;
    } finally {
      c.closeAll(subs.sockets(), 10);
      c.closeAll(pubs.sockets(), 10);
    }
  }
}
