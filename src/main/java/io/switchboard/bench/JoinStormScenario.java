package io.switchboard.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * {@code join-storm}: S connected clients send {@code subscribe} to one channel at the same moment.
 * Measures the time until every one is acknowledged, the per-client acknowledgement latency, and the
 * presence traffic it causes (frames and user entries received, on a channel with presence on).
 */
public final class JoinStormScenario implements Scenario {

  private final int clients;
  private final String channel;
  private final double settleSeconds;

  /** See the command-line options of {@code join-storm}. */
  public JoinStormScenario(int clients, String channel, double settleSeconds) {
    this.clients = clients;
    this.channel = channel;
    this.settleSeconds = settleSeconds;
  }

  @Override
  public String name() {
    return "join-storm";
  }

  @Override
  public JsonObject params() {
    return new JsonObject().put("clients", clients).put("channel", channel);
  }

  @Override
  public int connections() {
    return clients;
  }

  @Override
  public RoundResult run(Target t, LoadClient c, Ramp ramp) throws Exception {
    RoundResult r = new RoundResult(t.label());
    ProcStats.Sample before = t.probe();
    LoadClient.Connected conns = c.connectAll(t.url(), clients, i -> "bench-join-" + i, ramp);
    r.put("connect_s", conns.seconds());
    try {
      if (conns.sockets().size() < clients) {
        r.details().put("ok", false).put("why", "connections failed: " + conns.firstFailures());
        Scenario.failures(r, c);
        return r;
      }
      Scenario.rssPerConnection(r, before, t.probe(), clients);
      Recorder acks = new Recorder(3);
      CountDownLatch all = new CountDownLatch(clients);
      AtomicLong lastAck = new AtomicLong();
      LongAdder presenceFrames = new LongAdder();
      LongAdder presenceUsers = new LongAdder();
      for (BenchSocket s : conns.sockets()) {
        s.listener((sock, type, f, now) -> {
          switch (type) {
            case "subscribed" -> {
              acks.recordValue(Math.max(0, now - sock.mark));
              lastAck.accumulateAndGet(now, Math::max);
              all.countDown();
            }
            case "presence", "join", "leave" -> {
              presenceFrames.increment();
              JsonArray users = f.getJsonArray("users");
              presenceUsers.add(users == null ? 0 : users.size());
            }
            default -> { }
          }
        });
      }
      Thread.sleep(500);
      ProcStats.Sample serverStart = t.probe();
      ProcStats.Sample selfStart = Scenario.self();
      long t0 = System.nanoTime();
      for (BenchSocket s : conns.sockets()) {
        s.mark = System.nanoTime();
        s.subscribe(channel, s.index());
      }
      double sendSpread = (System.nanoTime() - t0) / 1e9;
      boolean done = all.await((long) (ramp.timeoutSeconds() * 1000), TimeUnit.MILLISECONDS);
      r.put("all_acked_ms", done ? (lastAck.get() - t0) / 1e6 : Double.NaN);
      r.put("acked", clients - all.getCount());
      r.putLatency("ack", LatencySummary.ofNanos(acks.getIntervalHistogram()));
      Thread.sleep((long) (settleSeconds * 1000));
      ProcStats.Sample serverEnd = t.probe();
      ProcStats.Sample selfEnd = Scenario.self();
      r.put("presence_frames", presenceFrames.sum());
      r.put("presence_users_received", presenceUsers.sum());
      Scenario.cpuPer(r, "join", serverStart, serverEnd, selfStart, selfEnd, clients);
      Scenario.failures(r, c);
      r.details().put("ok", done).put("subscribe_send_spread_s", sendSpread);
      return r;
    } finally {
      c.closeAll(conns.sockets(), 10);
    }
  }
}
