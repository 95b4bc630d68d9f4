package io.switchboard.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code rolling}: C clients spread over every node of a cluster, each subscribed to one of K
 * history channels and publishing into it (R publications/s in all), for as long as an operator (or
 * a test) restarts the nodes one after another. A client whose socket the server closes reconnects
 * at once to another node (client i of node k to node k + 1 + i mod (n - 1), so that a node's
 * clients spread over the others; the next one when that refuses it, 200 ms later) and subscribes
 * with {@code since} its last position.
 *
 * <p>Measured: the sockets the servers closed (by close code, and per node when and over how long
 * their 1001s came), the reconnects, the peak rate of reconnects each node received in any one
 * second, and, per client over the whole round and across all its connections, that every offset
 * of its channel after its first {@code subscribed} up to the channel's final top arrived exactly
 * once and in order ({@link ResumeLedger}), and that every acknowledged publication is in its
 * channel's stream. The round is clean when nothing was lost, repeated or reordered and every
 * socket the servers closed came back exactly once.
 */
public final class RollingScenario implements Scenario {
  private static final long RETRY_MS = 200;
  /** A client that found no node to take it for this long gives up (a node that never comes back). */
  private static final long GIVE_UP_NANOS = 120_000_000_000L;

  private final int clients;
  private final int channels;
  private final double rate;
  private final double seconds;
  private final String prefix;
  private final List<LoopbackUrl> nodes;
  private final Path stopFile;
  private final double drainSeconds;

  /**
   * @param nodes every node, in the order clients move along it
   * @param stopFile when it exists, publishing ends (before {@code seconds}); null: none
   */
  public RollingScenario(int clients, int channels, double rate, double seconds, String prefix, List<LoopbackUrl> nodes,
      Path stopFile, double drainSeconds) {
    if (clients < 1 || channels < 1 || channels > clients || !(rate > 0) || !(seconds > 0) || nodes.size() < 2) {
      throw new IllegalArgumentException("rolling needs 1 <= --channels <= --clients, a positive --rate and"
          + " --seconds, and at least two nodes (--url and --nodes)");
    }
    this.clients = clients;
    this.channels = channels;
    this.rate = rate;
    this.seconds = seconds;
    this.prefix = prefix;
    this.nodes = List.copyOf(nodes);
    this.stopFile = stopFile;
    this.drainSeconds = drainSeconds;
  }

  @Override
  public String name() {
    return "rolling";
  }

  @Override
  public JsonObject params() {
    return new JsonObject().put("clients", clients).put("channels", channels).put("rate", rate)
        .put("seconds", seconds).put("nodes", new JsonArray(nodes.stream().map(LoopbackUrl::toString).toList()))
        .put("reconnect", "at once, spread over the other nodes; 200 ms between refused attempts");
  }

  @Override
  public int connections() {
    return 2 * clients; // a closing socket and its successor may overlap
  }

  @Override
  public int nodes() {
    return nodes.size();
  }

  @Override
  public boolean spreadSources() {
    return false; // every reconnect comes back within a second: not a storm to defend against
  }

  @Override
  public RoundResult run(Target t, LoadClient c, Ramp ramp) throws Exception {
    RoundResult r = new RoundResult(t.label());
    RollingFleet fleet = new RollingFleet(c, nodes, prefix, channels, RETRY_MS, GIVE_UP_NANOS);
    fleet.open(clients, ramp);
    if (!fleet.awaitSubscribed(ramp.timeoutSeconds())) {
      fleet.closeAll();
      return Scenario.failed(r, c, "not every client connected and subscribed within " + ramp.timeoutSeconds() + " s");
    }
    long start = System.nanoTime();
    long sent = publish(fleet, start);
    r.put("publishing_s", (System.nanoTime() - start) / 1e9);
    r.put("sent", sent);
    Map<String, JsonObject> tops = fleet.tops(10);
    boolean quiet = fleet.awaitCaughtUp(tops, drainSeconds);
    RollingTotals totals = fleet.totals(tops);
    fleet.closeAll();
    totals.putInto(r);
    r.details().put("caught_up", quiet);
    boolean clean = quiet && totals.clean();
    r.details().put("ok", clean);
    if (!clean) {
      r.details().put("why", totals.why(quiet));
    }
    Scenario.failures(r, c);
    return r;
  }

  /** Publishes at {@code rate} through the clients in turn until the time is up or the stop file exists. */
  private long publish(RollingFleet fleet, long start) throws InterruptedException {
    long deadline = start + (long) (seconds * 1e9);
    long intervalNanos = (long) (1e9 / rate);
    long next = start;
    long sent = 0;
    long checkFileAt = start;
    while (System.nanoTime() < deadline) {
      long now = System.nanoTime();
      if (now >= checkFileAt) {
        if (stopFile != null && Files.exists(stopFile)) {
          break;
        }
        checkFileAt = now + 250_000_000L;
      }
      if (now < next) {
        Thread.sleep(Math.max(1, (next - now) / 1_000_000));
        continue;
      }
      if (fleet.publishThrough((int) (sent % clients), sent)) {
        sent++;
      } else {
        fleet.skipped();
        sent++; // the next client's turn; the sequence number is not reused
      }
      next += intervalNanos;
    }
    return sent;
  }

  /** The times of events, for the peak rate in any one-second window. */
  static final class Times {
    private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();

    void add(long t) {
      nanos.add(t);
    }

    int count() {
      return nanos.size();
    }

    /** The most events in any window of one second. */
    int peakPerSecond() {
      List<Long> sorted = new ArrayList<>(nanos);
      sorted.sort(null);
      int best = 0;
      for (int lo = 0, hi = 0; hi < sorted.size(); hi++) {
        while (sorted.get(hi) - sorted.get(lo) >= 1_000_000_000L) {
          lo++;
        }
        best = Math.max(best, hi - lo + 1);
      }
      return best;
    }

    /** Seconds from the first event to the last; 0 with fewer than two. */
    double spreadSeconds() {
      List<Long> sorted = new ArrayList<>(nanos);
      sorted.sort(null);
      return sorted.size() < 2 ? 0 : (sorted.get(sorted.size() - 1) - sorted.get(0)) / 1e9;
    }
  }

  /** Counters shared by the fleet's clients. */
  static final class Counts {
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong refusedAttempts = new AtomicLong();
    final AtomicLong gaveUp = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final Map<Short, AtomicLong> closesByCode = new ConcurrentHashMap<>();
  }
}
