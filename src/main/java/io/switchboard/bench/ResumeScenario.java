package io.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code resume}: S subscribers of one history channel, spread over two nodes (even ones on the
 * target's {@code url}, odd ones on its {@code pubUrl}), while one publisher on {@code pubUrl}
 * publishes R messages/s for the whole round. After {@code dropAfter} seconds every subscriber's
 * connection is closed (cleanly: a close frame, without waiting for the server's answer) and the
 * subscriber connects to the other node and subscribes with {@code since} the last position it
 * received, while publishing goes on. A {@code resubscribe} frame is answered the same way.
 *
 * <p>Measured: how many resumes were answered {@code recovered:true}, the time from the drop to
 * each resume's {@code subscribed} and until each subscriber had everything up to the position that
 * {@code subscribed} named (caught up), and, per subscriber over the whole round and across both of
 * its connections, that every offset after its first {@code subscribed} up to the channel's final
 * top (asked with a {@code history} query) arrived exactly once and in order ({@link ResumeLedger}),
 * and every publication by its sequence number too. The round is clean only when all of that holds.
 */
public final class ResumeScenario implements Scenario {

  private static final BenchSocket.Listener IGNORE = (s, type, f, now) -> { };

  private final int subscribers;
  private final double rate;
  private final double seconds;
  private final double dropAfter;
  private final String channel;
  private final double drainSeconds;

  /**
   * See the command-line options of {@code resume}.
   *
   * @throws IllegalArgumentException unless there is a subscriber, a positive rate and a drop
   *     within the publishing time
   */
  public ResumeScenario(int subscribers, double rate, double seconds, double dropAfter, String channel,
      double drainSeconds) {
    if (subscribers < 1 || !(rate > 0) || !(dropAfter > 0) || !(dropAfter < seconds)) {
      throw new IllegalArgumentException("--subscribers and --rate must be positive, and 0 < --drop-after < --seconds");
    }
    this.subscribers = subscribers;
    this.rate = rate;
    this.seconds = seconds;
    this.dropAfter = dropAfter;
    this.channel = channel;
    this.drainSeconds = drainSeconds;
  }

  @Override
  public String name() {
    return "resume";
  }

  @Override
  public int nodes() {
    return 2;
  }

  @Override
  public JsonObject params() {
    return new JsonObject().put("subscribers", subscribers).put("rate", rate).put("seconds", seconds)
        .put("drop_after", dropAfter).put("channel", channel).put("drop", "close frame, not awaited");
  }

  @Override
  public int connections() {
    return 2 * subscribers + 1; // the dropped connections may still be closing
  }

  @Override
  public RoundResult run(Target t, LoadClient c, Ramp ramp) throws Exception {
    RoundResult r = new RoundResult(t.label());
    Traffic traffic = new Traffic();
    List<ResumeLedger> ledgers = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      ledgers.add(new ResumeLedger());
    }
    BenchSocket.Listener listener = listener(traffic);
    LoopbackUrl a = t.url();
    LoopbackUrl b = t.pubUrl();
    LoadClient.Connected first = c.connectAll(i -> i % 2 == 0 ? a : b, subscribers, i -> "bench-sub-" + i,
        ramp.perSecond(), ramp.inFlight(), ramp.timeoutSeconds(), s -> attach(s, ledgers.get(s.index()), listener));
    LoadClient.Connected pubs = c.connectAll(b, 1, i -> "bench-pub-" + i, ramp.perSecond(), ramp.inFlight(),
        ramp.timeoutSeconds());
    List<BenchSocket> resumed = new ArrayList<>();
    try {
      r.put("connect_s", first.seconds());
      if (first.sockets().size() < subscribers || pubs.sockets().isEmpty()
          || !traffic.subscribeAll(first.sockets(), s -> channel, ramp.timeoutSeconds())) {
        r.details().put("ok", false).put("why", "not every connection opened and subscribed in time: "
            + first.firstFailures() + pubs.firstFailures());
        Scenario.failures(r, c);
        return r;
      }
      if (!ledgers.stream().allMatch(l -> l.start() >= 0)) {
        r.details().put("ok", false).put("why", "'subscribed' without a position: " + channel + " keeps no history");
        Scenario.failures(r, c);
        return r;
      }
      BenchSocket pub = pubs.sockets().get(0);
      CompletableFuture<JsonObject> history = new CompletableFuture<>();
      pub.listener((s, type, f, now) -> {
        if (type.equals("history")) {
          history.complete(f);
        }
      });
      long total = Math.max(1, (long) (rate * seconds));
      ProcStats.Sample serverStart = t.probe();
      ProcStats.Sample selfStart = Scenario.self();
      long start = System.nanoTime();
      FutureTask<Map<Long, Long>> publishing = new FutureTask<>(() ->
          traffic.publish(List.of(new Traffic.Publisher(pub, 0, channel, rate, total)), 5, seconds + 30));
      Thread publisher = new Thread(publishing, "bench-resume-publisher");
      publisher.setDaemon(true);
      publisher.start();

      Thread.sleep((long) (dropAfter * 1000));
      long dropAt = drop(first.sockets(), ledgers);
      r.put("drop_at_s", (dropAt - start) / 1e9);
      LoadClient.Connected second = c.connectAll(i -> i % 2 == 0 ? b : a, subscribers, i -> "bench-sub-" + i,
          ramp.perSecond(), ramp.inFlight(), ramp.timeoutSeconds(), s -> {
            ResumeLedger l = ledgers.get(s.index());
            attach(s, l, listener);
            l.resuming(System.nanoTime());
            s.subscribe(channel, l.epoch(), l.last(), s.index());
          });
      resumed.addAll(second.sockets());
      r.put("reconnect_s", second.seconds());
      awaitAll(ledgers, l -> l.resumedAfterNanos() >= 0, ramp.timeoutSeconds());
      awaitAll(ledgers, l -> l.caughtUpAfterNanos() >= 0, drainSeconds);

      Map<Long, Long> sent = publishing.get((long) (seconds + 40), TimeUnit.SECONDS);
      r.put("publishing_after_drop_s", (System.nanoTime() - dropAt) / 1e9);
      long sentTotal = FanoutClients.total(sent);
      boolean drained = traffic.drain(sentTotal * subscribers, drainSeconds);
      double window = (System.nanoTime() - start) / 1e9;
      ProcStats.Sample serverEnd = t.probe();
      ProcStats.Sample selfEnd = Scenario.self();

      pub.send(new JsonObject().put("type", "history").put("channel", channel).put("limit", 1).put("ref", "top").encode());
      JsonObject top = history.get(10, TimeUnit.SECONDS);
      long topOffset = top.getLong("offset", -1L);
      long stored = topOffset - ledgers.get(0).start();
      r.put("stored", stored);
      if (stored != sentTotal || !ledgers.get(0).epoch().equals(top.getString("epoch"))) {
        r.details().put("ok", false).put("why", "the stream's top " + top.getString("epoch") + "/" + topOffset
            + " is not the start " + ledgers.get(0).epoch() + "/" + ledgers.get(0).start() + " plus the "
            + sentTotal + " publications sent");
      }
      List<SubscriberLedger> content = ledgers.stream().map(ResumeLedger::content).toList();
      Scenario.deliveries(r, "", sentTotal, DeliveryTotals.of(content, l -> sent), window, drained, traffic);
      ResumeTotals.of(ledgers, topOffset).putInto(r);
      r.details().put("resumed_on_" + b.port(), byNode(ledgers, 0, topOffset))
          .put("resumed_on_" + a.port(), byNode(ledgers, 1, topOffset));
      Scenario.cpuPer(r, "msg", serverStart, serverEnd, selfStart, selfEnd, traffic.arrivals());
      Scenario.failures(r, c);
      return r;
    } finally {
      c.closeAll(resumed, 10);
      c.closeAll(first.sockets(), 10);
      c.closeAll(pubs.sockets(), 10);
    }
  }

  /** The totals of the subscribers {@code i} with {@code i % 2 == parity} (those that resumed on one node). */
  private static JsonObject byNode(List<ResumeLedger> ledgers, int parity, long top) {
    List<ResumeLedger> some = new ArrayList<>();
    for (int i = parity; i < ledgers.size(); i += 2) {
      some.add(ledgers.get(i));
    }
    ResumeTotals n = ResumeTotals.of(some, top);
    return new JsonObject().put("subscribers", n.subscribers()).put("recovered", n.recovered())
        .put("not_caught_up", n.notCaughtUp()).put("offsets_lost", n.lost())
        .put("offsets_lost_unannounced", n.lostUnannounced())
        .put("resume_all_subscribed_ms", Report.jsonNumber(n.resumedMaxMs()));
  }

  private static void attach(BenchSocket s, ResumeLedger ledger, BenchSocket.Listener listener) {
    s.attachment = ledger;
    s.listener(listener);
  }

  /**
   * A subscriber's listener: offsets, {@code subscribed} and {@code resubscribe} go to its
   * {@link ResumeLedger} (a {@code resubscribe} is answered with a subscribe from its last
   * position), then every frame to the traffic's accounting (content ledger, latency).
   */
  private BenchSocket.Listener listener(Traffic traffic) {
    BenchSocket.Listener accounting = traffic.receiver(s -> ((ResumeLedger) s.attachment).content());
    return (s, type, f, now) -> {
      ResumeLedger l = (ResumeLedger) s.attachment;
      switch (type) {
        case "message" -> l.message(f.getString("epoch"), f.getLong("offset", -1L), now);
        case "subscribed" -> l.subscribed(f.getString("epoch"), f.getLong("offset"), f.getBoolean("recovered"), now);
        case "resubscribe" -> {
          l.resubscribe();
          s.subscribe(channel, l.epoch(), l.last(), s.index());
        }
        default -> { }
      }
      accounting.onFrame(s, type, f, now);
    };
  }

  /**
   * Drops every connection at once: on its own event loop, the socket stops listening (what it
   * received is the position to resume from) and sends its close frame. Returns when the drop began.
   */
  private static long drop(List<BenchSocket> sockets, List<ResumeLedger> ledgers) throws InterruptedException {
    long at = System.nanoTime();
    CountDownLatch done = new CountDownLatch(sockets.size());
    for (BenchSocket s : sockets) {
      s.context().runOnContext(v -> {
        s.listener(IGNORE);
        ledgers.get(s.index()).drop(at);
        s.close();
        done.countDown();
      });
    }
    if (!done.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the drop did not run on every socket's event loop within 10 s");
    }
    return at;
  }

  /** Polls until every ledger satisfies {@code done}, at most {@code seconds}; returns whether they did. */
  private static boolean awaitAll(List<ResumeLedger> ledgers, Predicate<ResumeLedger> done, double seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    while (!ledgers.stream().allMatch(done)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }
}
