package io.switchboard.bench;

import io.switchboard.backend.BackendMember;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code backend-publish}: S subscribers of one channel, and a backend that publishes to it at R
 * publications/s for T seconds, once through the HTTP API ({@code POST /api/publish} on the API
 * port, one kept-alive pipelined connection) and once on the event bus (a lite member's request to
 * {@code switchboard.publish}), in alternating order from round to round: publications accepted
 * per second, publish-to-deliver latency at the subscribers, and loss, per path, side by side.
 */
public final class BackendPublishScenario implements Scenario {
  static final List<String> PATHS = List.of("http", "eventbus");

  private final int subscribers;
  private final double rate;
  private final double seconds;
  private final String channel;
  private final String apiKey;
  private final int apiPort;
  private final int maxInFlight;
  private final String secret;
  private final String clusterName;
  private final String clusterMembers;
  private final int backendPort;
  private BackendMember backend;
  private int round;

  /** See the command-line options of {@code backend-publish}; {@code apiPort} 0: the target's port + 1000. */
  public BackendPublishScenario(int subscribers, double rate, double seconds, String channel, String apiKey, int apiPort,
      int maxInFlight, String secret, String clusterName, String clusterMembers, int backendPort) {
    this.subscribers = subscribers;
    this.rate = rate;
    this.seconds = seconds;
    this.channel = channel;
    this.apiKey = apiKey;
    this.apiPort = apiPort;
    this.maxInFlight = maxInFlight;
    this.secret = secret;
    this.clusterName = clusterName;
    this.clusterMembers = clusterMembers;
    this.backendPort = backendPort;
  }

  @Override
  public String name() {
    return "backend-publish";
  }

  @Override
  public JsonObject params() {
    return new JsonObject().put("subscribers", subscribers).put("rate", rate).put("seconds", seconds)
        .put("channel", channel).put("max_in_flight", maxInFlight);
  }

  @Override
  public int connections() {
    return subscribers;
  }

  /** What one path sent in a window. */
  private record Sent(long sent, long accepted, long refused, long notSent) {}

  /** Sends one publication; completes its outcome (true: accepted). */
  @FunctionalInterface
  private interface Path {
    io.vertx.core.Future<Boolean> publish(Buffer body);
  }

  @Override
  public RoundResult run(Target t, LoadClient c, Ramp ramp) throws Exception {
    RoundResult r = new RoundResult(t.label());
    try (FanoutClients f = FanoutClients.open(c, t.url(), t.url(), subscribers, 0, channel, ramp, r)) {
      if (!f.ready(r)) {
        return r;
      }
      if (backend == null) {
        backend = BackendMember.join(secret, clusterName, backendPort, clusterMembers);
      }
      int port = apiPort > 0 ? apiPort : t.url().port() + 1000;
      // one kept-alive connection, pipelined: the node serves its requests in order, so the
      // publications keep the backend's order, as on the event bus (a pool of connections would not)
      HttpClient http = c.vertx().createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(true)
          .setPipeliningLimit(maxInFlight), new PoolOptions().setHttp1MaxSize(1));
      Map<String, Path> paths = Map.of(
          "http", body -> http.request(HttpMethod.POST, port, t.url().host(), "/api/publish")
              .compose(req -> req.putHeader("X-API-Key", apiKey).putHeader("Content-Type", "application/json")
                  .send(body))
              .compose(resp -> resp.body().map(b -> resp.statusCode() == 200)),
          "eventbus", body -> backend.vertx().eventBus().request("switchboard.publish", new JsonObject(body))
              .map(m -> true));
      List<String> order = round++ % 2 == 0 ? PATHS : List.of(PATHS.get(1), PATHS.get(0));
      for (String via : order) {
        window(c.vertx(), paths.get(via), Traffic.WARMUP_BASE + round, Math.min(2, seconds)); // warm-up, unaccounted
      }
      for (String via : order) {
        long pubId = round * 10L + PATHS.indexOf(via);
        f.startWindow();
        ProcStats.Sample serverStart = t.probe();
        ProcStats.Sample selfStart = Scenario.self();
        long start = System.nanoTime();
        Sent s = window(c.vertx(), paths.get(via), pubId, seconds);
        Map<Long, Long> sent = Map.of(pubId, s.sent());
        boolean drained = f.drain(sent, 30);
        double elapsed = (System.nanoTime() - start) / 1e9;
        ProcStats.Sample serverEnd = t.probe();
        Scenario.deliveries(r, via + "_", s.sent(), f.totals(sent), elapsed, drained, f.traffic());
        r.put(via + "_accepted_per_s", s.accepted() / seconds).put(via + "_refused", s.refused())
            .put(via + "_not_sent", s.notSent());
        Scenario.cpuPer(r, via + "_pub", serverStart, serverEnd, selfStart, Scenario.self(), s.sent());
        if (s.refused() > 0 || s.notSent() > 0) {
          r.details().put("ok", false).put("why", via + ": publications refused or not sent (saturated)");
        }
      }
      http.close();
      Scenario.failures(r, c);
      return r;
    }
  }

  /**
   * Publishes open-loop at {@code rate}/s for {@code windowSeconds} from a timer on the client's
   * event loop, at most {@code maxInFlight} unanswered (what is due beyond that is not sent, and
   * counted); waits for every answer (bounded).
   */
  private Sent window(Vertx vertx, Path path, long pubId, double windowSeconds) throws InterruptedException {
    long total = Math.max(1, (long) (rate * windowSeconds));
    AtomicLong sent = new AtomicLong();
    AtomicLong accepted = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicLong notSent = new AtomicLong();
    AtomicLong inFlight = new AtomicLong();
    CountDownLatch issued = new CountDownLatch(1);
    String prefix = "{\"channel\":\"" + channel + "\",\"sender\":\"bench-backend\",\"content\":{\"pub\":" + pubId
        + ",\"seq\":";
    vertx.runOnContext(v -> {
      Pacer pacer = new Pacer(rate, total, System.nanoTime());
      long[] timer = new long[1];
      Runnable tick = () -> {
        long due = pacer.due(System.nanoTime());
        for (long k = 0; k < due; k++) {
          if (inFlight.get() >= maxInFlight) {
            notSent.incrementAndGet();
            continue;
          }
          inFlight.incrementAndGet();
          long seq = sent.getAndIncrement();
          path.publish(Buffer.buffer(prefix + seq + ",\"ts\":" + System.nanoTime() + "}}")).onComplete(ar -> {
            inFlight.decrementAndGet();
            (ar.succeeded() && ar.result() ? accepted : refused).incrementAndGet();
          });
        }
        if (pacer.done()) {
          vertx.cancelTimer(timer[0]);
          issued.countDown();
        }
      };
      timer[0] = vertx.setPeriodic(2, id -> tick.run());
    });
    issued.await((long) (windowSeconds * 1000) + 60_000, TimeUnit.MILLISECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return new Sent(sent.get(), accepted.get(), refused.get(), notSent.get());
  }

  /** Leaves the cluster. */
  public void close() throws Exception {
    if (backend != null) {
      backend.close();
      backend = null;
    }
  }
}
