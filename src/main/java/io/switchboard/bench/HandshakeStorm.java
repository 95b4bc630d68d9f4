package io.switchboard.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A storm of WebSocket handshakes from one source address: upgrade requests at a fixed rate for a
 * while, each on its own raw socket bound to that address (the hand-written request of
 * {@link WsFrames#upgradeRequest}), each read with an {@link UpgradeAnswer} and ended as soon as its
 * outcome is known, with a reset (SO_LINGER 0, so that no TIME_WAIT piles up on either side).
 *
 * <p>Open loop ({@link Pacer}): an attempt that falls due while {@link Plan#maxInFlight} are pending
 * is counted as skipped, not delayed. Each attempt is bounded by {@link Plan#timeoutSeconds} from its
 * connect to its outcome; the storm issues nothing after {@link Plan#seconds}, so it ends by itself.
 */
final class HandshakeStorm {

  private static final long TICK_MS = 5;

  /**
   * What a storm did.
   *
   * @param offered attempts due by the schedule (rate × seconds)
   * @param attempted attempts started
   * @param skipped attempts due while {@link Plan#maxInFlight} were pending
   * @param seconds from the first attempt until the last one ended
   * @param outcomes per outcome name ({@link UpgradeAnswer#outcome}, {@code connect_failed})
   * @param answer time from connect to outcome of the attempts that did not time out, in ns
   */
  record Result(long offered, long attempted, long skipped, double seconds, LoadCounters outcomes, Histogram answer) {}

  /**
   * What storm to make.
   *
   * @param source local address every storm socket binds: an IPv4 127/8 literal other than the
   *     bystanders' {@link #BYSTANDER_SOURCE}
   * @param perSecond handshakes started per second
   * @param seconds how long handshakes are started
   * @param maxInFlight handshakes pending at most
   * @param timeoutSeconds bound on each handshake, from its connect to its outcome
   */
  record Plan(String source, double perSecond, double seconds, int maxInFlight, double timeoutSeconds) {

    /** The load generator's other connections' source address, which the gateway exempts by default. */
    static final String BYSTANDER_SOURCE = "127.0.0.1";

    /** @throws IllegalArgumentException for another source address, or a figure that is not positive */
    Plan {
      if (!LoopbackUrl.isIpv4Loopback(source)) {
        throw new IllegalArgumentException("--storm-source must be an IPv4 address in 127.0.0.0/8, not " + source);
      }
      if (source.equals(BYSTANDER_SOURCE)) {
        throw new IllegalArgumentException("--storm-source must differ from the bystanders' " + BYSTANDER_SOURCE
            + " (which the gateway exempts from its per-source limits by default)");
      }
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("--storm-in-flight must be at least 1");
      }
      for (double v : new double[] {perSecond, seconds, timeoutSeconds}) {
        if (!(v > 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException("--storm-rate, --storm-seconds and --storm-timeout must be positive");
        }
      }
    }

    /** Handshakes the schedule offers. */
    long total() {
      return Math.max(1, Math.round(perSecond * seconds));
    }
  }

  private final Vertx vertx;
  private final LoopbackUrl url;
  private final String token;
  private final Plan plan;
  private final long timeoutMs;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder attempted = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LoadCounters outcomes = new LoadCounters();
  private final Recorder answer = new Recorder(3);
  private volatile boolean allIssued;

  /** @param token what each request carries as {@code ?token=} */
  HandshakeStorm(Vertx vertx, LoopbackUrl url, String token, Plan plan) {
    this.vertx = vertx;
    this.url = url;
    this.token = token;
    this.plan = plan;
    this.timeoutMs = Math.max(1, (long) (plan.timeoutSeconds() * 1000));
  }

  /** Starts the storm on an event loop of {@code vertx}; the future completes when every attempt ended. */
  Future<Result> start() {
    NetClient client = vertx.createNetClient(new NetClientOptions().setLocalAddress(plan.source())
        .setSoLinger(0).setConnectTimeout((int) timeoutMs).setTcpNoDelay(true));
    Promise<Void> ended = Promise.promise();
    Context context = vertx.getOrCreateContext();
    long[] started = new long[1];
    context.runOnContext(v -> {
      started[0] = System.nanoTime();
      Pacer pacer = new Pacer(plan.perSecond(), plan.total(), started[0]);
      long[] timer = {-1};
      Runnable tick = () -> {
        long due = pacer.due(System.nanoTime());
        for (long k = 0; k < due; k++) {
          if (inFlight.get() >= plan.maxInFlight()) {
            skipped.increment();
          } else {
            attempt(client, ended);
          }
        }
        if (pacer.done()) {
          vertx.cancelTimer(timer[0]);
          allIssued = true;
          if (inFlight.get() == 0) {
            ended.tryComplete();
          }
        }
      };
      tick.run();
      if (!pacer.done()) {
        timer[0] = vertx.setPeriodic(TICK_MS, id -> tick.run());
      }
    });
    return ended.future().eventually(client::close).map(v -> new Result(plan.total(), attempted.sum(), skipped.sum(),
        (System.nanoTime() - started[0]) / 1e9, outcomes, answer.getIntervalHistogram()));
  }

  private void attempt(NetClient client, Promise<Void> ended) {
    attempted.increment();
    inFlight.incrementAndGet();
    long start = System.nanoTime();
    UpgradeAnswer a = new UpgradeAnswer();
    client.connect(url.port(), url.host()).onComplete(ar -> {
      if (ar.failed()) {
        outcomes.inc("connect_failed");
        attemptEnded(ended);
        return;
      }
      NetSocket so = ar.result();
      boolean[] over = {false};
      long left = Math.max(1, timeoutMs - (System.nanoTime() - start) / 1_000_000);
      long timer = vertx.setTimer(left, id -> {
        if (!over[0]) {
          over[0] = true;
          finish(so, a, true, start, ended);
        }
      });
      Runnable done = () -> {
        if (!over[0]) {
          over[0] = true;
          vertx.cancelTimer(timer);
          finish(so, a, false, start, ended);
        }
      };
      so.handler(b -> {
        if (a.feed(b.getBytes())) {
          done.run();
        }
      });
      so.closeHandler(x -> {
        a.end();
        done.run();
      });
      so.write(WsFrames.upgradeRequest(url.host(), url.port(), url.requestUri(token)));
    });
  }

  private void finish(NetSocket so, UpgradeAnswer a, boolean timedOut, long start, Promise<Void> ended) {
    a.outcome(timedOut).forEach(outcomes::inc);
    if (!timedOut) {
      answer.recordValue(System.nanoTime() - start);
    }
    so.close();
    attemptEnded(ended);
  }

  private void attemptEnded(Promise<Void> ended) {
    if (inFlight.decrementAndGet() == 0 && allIssued) {
      ended.tryComplete();
    }
  }
}
