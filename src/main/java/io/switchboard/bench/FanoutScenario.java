package io.switchboard.bench;

import io.vertx.core.json.JsonObject;
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
  private final int pad;

  /** See the command-line options of {@code fanout} for the meaning of each parameter. */
  public FanoutScenario(boolean crossNode, int subscribers, int publishers, double rate, double seconds,
      double warmupSeconds, String channel, double drainSeconds, int pad) {
    this.crossNode = crossNode;
    this.subscribers = subscribers;
    this.publishers = publishers;
    this.rate = rate;
    this.seconds = seconds;
    this.warmupSeconds = warmupSeconds;
    this.channel = channel;
    this.drainSeconds = drainSeconds;
    this.pad = pad;
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
        .put("seconds", seconds).put("warmup", warmupSeconds).put("channel", channel).put("pad", pad);
  }

  @Override
  public int connections() {
    return subscribers + publishers;
  }

  @Override
  public RoundResult run(Target t, LoadClient c, Ramp ramp) throws Exception {
    RoundResult r = new RoundResult(t.label());
    ProcStats.Sample before = t.probe();
    try (FanoutClients f = FanoutClients.open(c, t.url(), crossNode ? t.pubUrl() : t.url(), subscribers, publishers,
        channel, ramp, r)) {
      if (!f.ready(r)) {
        return r;
      }
      f.traffic().pad(pad);
      ProcStats.Sample connected = t.probe();
      Scenario.rssPerConnection(r, before, connected, subscribers + publishers);
      f.warmUp(rate, warmupSeconds);

      f.startWindow();
      ProcStats.Sample serverStart = t.probe();
      ProcStats.Sample selfStart = Scenario.self();
      long start = System.nanoTime();
      Map<Long, Long> sent = f.publish(0, rate, seconds);
      boolean drained = f.drain(sent, drainSeconds);
      double window = (System.nanoTime() - start) / 1e9;
      ProcStats.Sample serverEnd = t.probe();
      ProcStats.Sample selfEnd = Scenario.self();

      Scenario.deliveries(r, "", FanoutClients.total(sent), f.totals(sent), window, drained, f.traffic());
      Scenario.cpuPer(r, "msg", serverStart, serverEnd, selfStart, selfEnd, f.arrivals());
      Scenario.failures(r, c);
      return r;
    }
  }
}
