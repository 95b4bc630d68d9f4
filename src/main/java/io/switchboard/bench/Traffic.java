package io.switchboard.bench;

import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Timestamped publications and their accounting, shared by the message scenarios. Content is
 * {@code {"pub":id,"seq":n,"ts":nanoTime}}; receivers compute latency against their own
 * {@code System.nanoTime()} (same clock: loopback, and CLOCK_MONOTONIC is machine-wide).
 */
public final class Traffic {

  /** Publisher ids from here on are warm-up traffic: received but not accounted. */
  public static final long WARMUP_BASE = 1_000_000_000L;

  private final Recorder recorder = new Recorder(3);
  private final LongAdder arrivals = new LongAdder();
  private final LongAdder subscribed = new LongAdder();
  private volatile CountDownLatch subscribedLatch = new CountDownLatch(0);
  private volatile String padding = "";

  /**
   * Makes every publication's content {@code chars} characters longer, with a field
   * {@code "pad":"xxx…"} (for a realistic size where the server keeps what is published).
   */
  public Traffic pad(int chars) {
    padding = chars <= 0 ? "" : ",\"pad\":\"" + "x".repeat(chars) + "\"";
    return this;
  }

  /** Listener for receiving sockets whose {@code attachment} is a {@link SubscriberLedger}. */
  public BenchSocket.Listener receiver() {
    return receiver(s -> (SubscriberLedger) s.attachment);
  }

  /** Listener for receiving sockets whose ledger {@code ledgerOf} finds (null: not accounted). */
  public BenchSocket.Listener receiver(Function<BenchSocket, SubscriberLedger> ledgerOf) {
    return (s, type, f, now) -> {
      switch (type) {
        case "message" -> {
          Object c = f.getValue("content");
          if (!(c instanceof JsonObject content)) {
            return;
          }
          long pub = content.getLong("pub", -1L);
          if (pub < 0 || pub >= WARMUP_BASE) {
            return;
          }
          arrivals.increment();
          SubscriberLedger ledger = ledgerOf.apply(s);
          if (ledger != null
              && ledger.record(pub, content.getLong("seq", -1L)) != SubscriberLedger.Outcome.DUPLICATE) {
            recorder.recordValue(Math.max(0, now - content.getLong("ts", now)));
          }
        }
        case "subscribed" -> {
          subscribed.increment();
          subscribedLatch.countDown();
        }
        default -> { }
      }
    };
  }

  /** Sends {@code subscribe} on every socket and waits for all {@code subscribed} (bounded). */
  public boolean subscribeAll(List<BenchSocket> sockets, Function<BenchSocket, String> channel,
      double timeoutSeconds) throws InterruptedException {
    subscribedLatch = new CountDownLatch(sockets.size());
    for (BenchSocket s : sockets) {
      s.subscribe(channel.apply(s), s.index());
    }
    return subscribedLatch.await((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
  }

  /** {@code subscribed} frames received so far. */
  public long subscribedCount() {
    return subscribed.sum();
  }

  /** Accounted message arrivals (duplicates included). */
  public long arrivals() {
    return arrivals.sum();
  }

  /** Clears the latency histogram (start of the measured window). */
  public void resetLatency() {
    recorder.reset();
  }

  /** The latency recorded since the last reset. */
  public Histogram latency() {
    return recorder.getIntervalHistogram();
  }

  /** One publishing socket. */
  public record Publisher(BenchSocket socket, long pubId, String channel, double perSecond, long total) {}

  /**
   * Publishes open-loop from every publisher at its rate, on its socket's event loop (timer ticks of
   * at least {@code tickMs}, one message per tick at low rates); blocks until all are done or {@code timeoutSeconds}. Returns what each sent.
   */
  public Map<Long, Long> publish(List<Publisher> pubs, long tickMs, double timeoutSeconds) throws InterruptedException {
    Map<Long, Long> sent = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(pubs.size());
    List<long[]> timers = new ArrayList<>();
    for (Publisher p : pubs) {
      sent.put(p.pubId(), 0L);
      // one send per tick at low rates (fewer timers), start phases spread over one tick
      long tick = Math.max(tickMs, (long) (1000 / p.perSecond()));
      long phase = 1 + java.util.concurrent.ThreadLocalRandom.current().nextLong(tick);
      p.socket().context().runOnContext(x -> p.socket().context().owner().setTimer(phase, y -> {
        if (p.total() <= 0) {
          done.countDown();
          return;
        }
        Pacer pacer = new Pacer(p.perSecond(), p.total(), System.nanoTime());
        String prefix = "{\"type\":\"message\",\"channel\":\"" + p.channel() + "\",\"content\":{\"pub\":"
            + p.pubId() + ",\"seq\":";
        String suffix = padding + "}}";
        Promise<Void> finished = Promise.promise();
        long[] id = new long[1];
        Runnable send = () -> {
          long due = pacer.due(System.nanoTime());
          long first = pacer.issued() - due;
          for (long k = 0; k < due; k++) {
            p.socket().send(prefix + (first + k) + ",\"ts\":" + System.nanoTime() + suffix);
          }
          sent.put(p.pubId(), pacer.issued());
          if (pacer.done() && !finished.future().isComplete()) {
            p.socket().context().owner().cancelTimer(id[0]);
            finished.complete();
            done.countDown();
          }
        };
        send.run();
        if (!pacer.done()) {
          id[0] = p.socket().context().owner().setPeriodic(tick, t -> send.run());
          synchronized (timers) {
            timers.add(id);
          }
        }
      }));
    }
    boolean ok = done.await((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
    if (!ok) {
      synchronized (timers) {
        for (BenchSocket s : pubs.stream().map(Publisher::socket).toList()) {
          timers.forEach(id -> s.context().owner().cancelTimer(id[0]));
        }
      }
    }
    return sent;
  }

  /** Waits until {@code expected} accounted arrivals or {@code timeoutSeconds}; returns whether reached. */
  public boolean drain(long expected, double timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
    while (arrivals() < expected) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }
}
