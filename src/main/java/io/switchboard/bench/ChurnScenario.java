package io.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code churn}: W concurrent loops of connect → subscribe → publish one message → close; a fraction
 * of the closes are abrupt (raw socket, no close frame, TCP reset via SO_LINGER 0). Afterwards every
 * numeric field of the server's {@code /stats} must return to 0 within the settle time.
 */
public final class ChurnScenario implements Scenario {

  private static final long ITERATION_TIMEOUT_MS = 15_000;

  private final int workers;
  private final int loops;
  private final double abrupt;
  private final int channels;
  private final String prefix;
  private final double settleSeconds;

  /** See the command-line options of {@code churn}. */
  public ChurnScenario(int workers, int loops, double abrupt, int channels, String prefix, double settleSeconds) {
    this.workers = workers;
    this.loops = loops;
    this.abrupt = abrupt;
    this.channels = Math.max(1, channels);
    this.prefix = prefix;
    this.settleSeconds = settleSeconds;
  }

  @Override
  public String name() {
    return "churn";
  }

  @Override
  public JsonObject params() {
    return new JsonObject().put("workers", workers).put("loops", loops).put("abrupt", abrupt)
        .put("channels", channels).put("prefix", prefix);
  }

  @Override
  public int connections() {
    return workers;
  }

  @Override
  public RoundResult run(Target t, LoadClient c, Ramp ramp) throws Exception {
    RoundResult r = new RoundResult(t.label());
    Vertx vertx = c.vertx();
    List<NetClient> raw = new ArrayList<>();
    for (int i = LoadClient.FIRST_SRC; i <= LoadClient.LAST_SRC; i++) {
      raw.add(vertx.createNetClient(new NetClientOptions().setLocalAddress("127.0.0." + i)
          .setSoLinger(0).setConnectTimeout(10_000).setTcpNoDelay(true)));
    }
    LongAdder ok = new LongAdder();
    LongAdder failed = new LongAdder();
    LongAdder abrupts = new LongAdder();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(workers);
    AtomicInteger rawNext = new AtomicInteger();
    ProcStats.Sample serverStart = t.probe();
    ProcStats.Sample selfStart = Scenario.self();
    long start = System.nanoTime();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      Random rnd = new Random(worker);
      long delayMs = Math.max(1, (long) (w * 1000 / ramp.perSecond()));
      vertx.setTimer(delayMs, id -> loop(worker, 0, rnd, c, t, raw, rawNext, ok, failed, abrupts, failures, done));
    }
    boolean finished = done.await((long) (Math.max(60, ramp.timeoutSeconds()) * 1000), TimeUnit.MILLISECONDS);
    double elapsed = (System.nanoTime() - start) / 1e9;
    ProcStats.Sample serverEnd = t.probe();
    ProcStats.Sample selfEnd = Scenario.self();
    r.put("loops_ok", ok.sum()).put("loops_failed", failed.sum()).put("abrupt_closes", abrupts.sum())
        .put("loops_per_s", ok.sum() / elapsed);
    Scenario.cpuPer(r, "loop", serverStart, serverEnd, selfStart, selfEnd, ok.sum() + failed.sum());
    raw.forEach(NetClient::close);

    long settleStart = System.nanoTime();
    long deadline = settleStart + (long) (settleSeconds * 1e9);
    JsonObject stats = null;
    String statsError = null;
    boolean zero = false;
    while (true) {
      try {
        stats = c.getJson(t.statsHost(), t.statsPort(), t.statsPath(), 5000);
        statsError = null;
        zero = StatsCheck.allZero(stats);
      } catch (RuntimeException e) {
        statsError = String.valueOf(e);
      }
      if (zero || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(200);
    }
    r.put("time_to_zero_ms", zero ? (System.nanoTime() - settleStart) / 1e6 : Double.NaN);
    r.put("back_to_zero", zero ? 1 : 0);
    Scenario.failures(r, c);
    r.details().put("stats_after", stats).put("non_zero", stats == null ? null : String.valueOf(StatsCheck.nonZero(stats)))
        .put("stats_error", statsError).put("first_failures", String.valueOf(failures))
        .put("ok", finished && zero && failed.sum() == 0);
    System.out.println("   /stats after churn: " + (stats == null ? statsError : stats.encode())
        + (zero ? "  -> all zero" : "  -> NOT all zero: " + (stats == null ? "" : StatsCheck.nonZero(stats))));
    return r;
  }

  private void loop(int worker, int k, Random rnd, LoadClient c, Target t, List<NetClient> raw, AtomicInteger rawNext,
      LongAdder ok, LongAdder failed, LongAdder abrupts, List<String> failures, CountDownLatch done) {
    if (k >= loops) {
      done.countDown();
      return;
    }
    String channel = prefix + (rnd.nextInt(channels));
    String user = "bench-churn-" + worker;
    boolean hard = rnd.nextDouble() < abrupt;
    Future<Void> it = hard
        ? abruptIteration(c, t, raw.get(Math.floorMod(rawNext.getAndIncrement(), raw.size())), user, channel)
        : gracefulIteration(c, t, user, channel);
    if (hard) {
      abrupts.increment();
    }
    it.timeout(ITERATION_TIMEOUT_MS, TimeUnit.MILLISECONDS).onComplete(ar -> {
      if (ar.succeeded()) {
        ok.increment();
      } else {
        failed.increment();
        if (failures.size() < 5) {
          failures.add((hard ? "abrupt: " : "graceful: ") + ar.cause());
        }
      }
      loop(worker, k + 1, rnd, c, t, raw, rawNext, ok, failed, abrupts, failures, done);
    });
  }

  private Future<Void> gracefulIteration(LoadClient c, Target t, String user, String channel) {
    return c.connect(t.url(), c.token(user)).compose(ws -> {
      Promise<Void> subscribed = Promise.promise();
      BenchSocket s = new BenchSocket(0, user, ws, c.vertx().getOrCreateContext(), c.counters());
      s.listener((sock, type, f, now) -> {
        if (type.equals("subscribed")) {
          subscribed.tryComplete();
        } else if (type.equals("error")) {
          subscribed.tryFail("error " + f.getString("code"));
        }
      });
      ws.closeHandler(v -> subscribed.tryFail("closed before subscribed"));
      s.subscribe(channel, 1);
      return subscribed.future()
          .compose(v -> {
            s.send("{\"type\":\"message\",\"channel\":\"" + channel + "\",\"content\":{\"churn\":true}}");
            return s.close();
          })
          .recover(e -> s.close().transform(x -> Future.failedFuture(e)));
    });
  }

  private Future<Void> abruptIteration(LoadClient c, Target t, NetClient client, String user, String channel) {
    String token = c.token(user);
    return client.connect(t.url().port(), t.url().host()).compose(so -> {
      Promise<Void> p = Promise.promise();
      Buffer acc = Buffer.buffer();
      int[] phase = {0};
      so.handler(b -> {
        acc.appendBuffer(b);
        String text = acc.toString(StandardCharsets.ISO_8859_1);
        if (phase[0] == 0 && text.contains("\r\n\r\n")) {
          if (!text.startsWith("HTTP/1.1 101")) {
            p.tryFail("upgrade refused: " + text.lines().findFirst().orElse(""));
            so.close();
            return;
          }
          phase[0] = 1;
          so.write(Buffer.buffer(WsFrames.maskedText(
              "{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"ref\":1}", new Random())));
        } else if (phase[0] == 1 && text.contains("\"subscribed\"")) {
          phase[0] = 2;
          // no close frame: SO_LINGER 0 turns this close into a TCP reset
          p.tryComplete();
          so.close();
        }
      });
      so.closeHandler(v -> p.tryFail("closed by server in phase " + phase[0]));
      so.write(WsFrames.upgradeRequest(t.url().host(), t.url().port(), t.url().requestUri(token)));
      return p.future().recover(e -> {
        so.close();
        return Future.failedFuture(e);
      });
    });
  }
}
