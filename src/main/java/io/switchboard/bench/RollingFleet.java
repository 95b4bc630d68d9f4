package io.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clients of a {@link RollingScenario}: each holds one socket at a time, follows its channel's
 * stream in a {@link ResumeLedger} across all of them, and when the server closes its socket moves
 * on to the next node and resumes there. Each client's socket work runs on its socket's event loop;
 * the orchestrating thread reads the ledgers (synchronized) and counters (atomic).
 */
final class RollingFleet {
  private final LoadClient client;
  private final List<LoopbackUrl> nodes;
  private final String prefix;
  private final int channels;
  private final long retryMs;
  private final long giveUpNanos;
  private final List<Member> members = new ArrayList<>();
  private final RollingScenario.Counts counts = new RollingScenario.Counts();
  /** Per node: reconnects it accepted, and the 1001s it sent. */
  private final List<RollingScenario.Times> reconnectsTo = new ArrayList<>();
  private final List<RollingScenario.Times> goingAwayFrom = new ArrayList<>();
  /** Per channel: the acknowledged publications' epoch and offsets. */
  private final Map<String, Map<Long, String>> acked = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<JsonObject>> topAnswers = new ConcurrentHashMap<>();
  private volatile boolean ending;

  RollingFleet(LoadClient client, List<LoopbackUrl> nodes, String prefix, int channels, long retryMs, long giveUpNanos) {
    this.client = client;
    this.nodes = nodes;
    this.prefix = prefix;
    this.channels = channels;
    this.retryMs = retryMs;
    this.giveUpNanos = giveUpNanos;
    for (int i = 0; i < nodes.size(); i++) {
      reconnectsTo.add(new RollingScenario.Times());
      goingAwayFrom.add(new RollingScenario.Times());
    }
  }

  /** One client: its channel, its ledger across connections, and its current socket. */
  private final class Member {
    final int index;
    final String user;
    final String channel;
    final ResumeLedger ledger = new ResumeLedger();
    volatile BenchSocket socket;
    volatile boolean live;
    volatile int node;
    volatile long homelessSince;

    Member(int index) {
      this.index = index;
      this.user = "rolling-" + index;
      this.channel = prefix + (index % channels);
      this.node = index % nodes.size();
    }

    void connect(boolean again) {
      if (ending) {
        return;
      }
      int target = node;
      client.connect(nodes.get(target), client.token(user)).onComplete(ar -> {
        if (ar.failed()) {
          counts.refusedAttempts.incrementAndGet();
          long now = System.nanoTime();
          if (homelessSince == 0) {
            homelessSince = now;
          }
          if (now - homelessSince > giveUpNanos) {
            counts.gaveUp.incrementAndGet();
            return;
          }
          node = (target + 1) % nodes.size();
          client.vertx().setTimer(retryMs, t -> connect(again));
          return;
        }
        homelessSince = 0;
        BenchSocket s = new BenchSocket(index, user, ar.result(), client.vertx().getOrCreateContext(), client.counters());
        socket = s;
        if (again) {
          counts.reconnects.incrementAndGet();
          reconnectsTo.get(target).add(System.nanoTime());
        }
        s.listener(this::onFrame).onServerClose(code -> closed(target, code));
        if (ledger.start() < 0) {
          s.subscribe(channel, index);
        } else {
          ledger.resuming(System.nanoTime());
          s.subscribe(channel, ledger.epoch(), ledger.last(), index);
        }
      });
    }

    void onFrame(BenchSocket s, String type, JsonObject f, long now) {
      switch (type) {
        case "subscribed" -> {
          ledger.subscribed(f.getString("epoch"), f.getLong("offset"), f.getBoolean("recovered"), now);
          live = true;
        }
        case "message" -> ledger.message(f.getString("epoch"), f.getLong("offset", -1L), now);
        case "resubscribe" -> {
          ledger.resubscribe();
          s.subscribe(channel, ledger.epoch(), ledger.last(), index);
        }
        case "ack" -> {
          if (f.getValue("offset") != null) {
            acked.computeIfAbsent(channel, k -> new ConcurrentHashMap<>()).put(f.getLong("offset"), f.getString("epoch"));
          }
        }
        case "history" -> {
          CompletableFuture<JsonObject> waiting = topAnswers.get(channel);
          if (waiting != null) {
            waiting.complete(f);
          }
        }
        default -> { }
      }
    }

    void closed(int from, Short code) {
      live = false;
      if (ending) {
        return;
      }
      long now = System.nanoTime();
      counts.closesByCode.computeIfAbsent(code == null ? (short) 0 : code, k -> new AtomicLong()).incrementAndGet();
      if (code != null && code == 1001) {
        goingAwayFrom.get(from).add(now);
      }
      ledger.drop(now);
      // the drained node's clients spread over the others, as a load balancer would spread them
      node = (from + 1 + index % (nodes.size() - 1)) % nodes.size();
      connect(true);
    }
  }

  /** Opens every client's first connection at the ramp's pace, client i to node i mod n. */
  void open(int count, Scenario.Ramp ramp) throws InterruptedException {
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      Member m = new Member(i);
      members.add(m);
      long due = start + (long) (i / ramp.perSecond() * 1e9);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      m.connect(false);
    }
  }

  /** Waits until every client is subscribed with a position, at most {@code seconds}. */
  boolean awaitSubscribed(double seconds) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    while (!members.stream().allMatch(m -> m.live && m.ledger.start() >= 0)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** Sends publication {@code seq} through client {@code i}; false when it has no live subscription now. */
  boolean publishThrough(int i, long seq) {
    Member m = members.get(i);
    BenchSocket s = m.socket;
    if (!m.live || s == null) {
      return false;
    }
    s.send("{\"type\":\"message\",\"channel\":\"" + m.channel + "\",\"content\":{\"c\":" + i + ",\"n\":" + seq
        + "},\"ref\":" + seq + "}");
    return true;
  }

  void skipped() {
    counts.skipped.incrementAndGet();
  }

  /** Each channel's final position, asked through one of its live clients. */
  Map<String, JsonObject> tops(long timeoutSeconds) throws Exception {
    Map<String, JsonObject> tops = new ConcurrentHashMap<>();
    for (int ch = 0; ch < channels; ch++) {
      String channel = prefix + ch;
      CompletableFuture<JsonObject> answer = new CompletableFuture<>();
      topAnswers.put(channel, answer);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      while (!answer.isDone() && System.nanoTime() < deadline) {
        for (Member m : members) {
          if (m.channel.equals(channel) && m.live && m.socket != null) {
            m.socket.send(new JsonObject().put("type", "history").put("channel", channel).put("limit", 1)
                .put("ref", "top").encode());
            break;
          }
        }
        try {
          tops.put(channel, answer.get(1, TimeUnit.SECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
          // asked again, maybe through another client
        }
      }
    }
    return tops;
  }

  /** Waits until every client has received its channel's top, at most {@code seconds}. */
  boolean awaitCaughtUp(Map<String, JsonObject> tops, double seconds) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    while (!members.stream().allMatch(m -> tops.containsKey(m.channel)
        && m.ledger.last() >= tops.get(m.channel).getLong("offset", 0L))) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  RollingTotals totals(Map<String, JsonObject> tops) {
    return RollingTotals.of(members.stream().map(m -> m.ledger).toList(),
        members.stream().map(m -> tops.get(m.channel)).toList(), acked, tops, counts, reconnectsTo, goingAwayFrom,
        nodes);
  }

  void closeAll() {
    ending = true;
    List<BenchSocket> open = new ArrayList<>();
    for (Member m : members) {
      if (m.socket != null) {
        open.add(m.socket);
      }
    }
    client.closeAll(open, 10);
  }
}
