package io.switchboard.bench;

import io.switchboard.backend.BackendMember;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code reach}: N connections, each a user of its own subscribed to its own channel and to one
 * shared channel; then a backend, a lite member of the nodes' cluster, sends a direct message to
 * every user and (with {@code --publish K}, after {@code --publish-after} s) publishes K messages
 * on the shared channel. Every client must get its direct message once and every shared message
 * once. Several processes, each against another node and with its own {@code --user-prefix}, make
 * one cluster-wide run: one of them publishes, the others expect its messages
 * ({@code --expect-shared}).
 */
public final class ReachScenario implements Scenario {
  private final int connections;
  private final String userPrefix;
  private final String sharedChannel;
  private final int publish;
  private final int expectShared;
  private final double publishAfter;
  private final double holdSeconds;
  private final String secret;
  private final String cluster;
  private final String members;
  private final int backendPort;

  /** See the command-line options of {@code reach}. */
  public ReachScenario(int connections, String userPrefix, String sharedChannel, int publish, int expectShared,
      double publishAfter, double holdSeconds, String secret, String cluster, String members, int backendPort) {
    this.connections = connections;
    this.userPrefix = userPrefix;
    this.sharedChannel = sharedChannel;
    this.publish = publish;
    this.expectShared = expectShared;
    this.publishAfter = publishAfter;
    this.holdSeconds = holdSeconds;
    this.secret = secret;
    this.cluster = cluster;
    this.members = members;
    this.backendPort = backendPort;
  }

  @Override
  public String name() {
    return "reach";
  }

  @Override
  public JsonObject params() {
    return new JsonObject().put("connections", connections).put("user_prefix", userPrefix)
        .put("shared_channel", sharedChannel).put("publish", publish).put("expect_shared", expectShared)
        .put("publish_after", publishAfter).put("hold", holdSeconds);
  }

  @Override
  public int connections() {
    return connections;
  }

  @Override
  public RoundResult run(Target t, LoadClient c, Ramp ramp) throws Exception {
    RoundResult r = new RoundResult(t.label());
    ProcStats.Sample before = t.probe();
    LoadClient.Connected conns = c.connectAll(t.url(), connections, i -> userPrefix + i, ramp);
    r.put("connect_s", conns.seconds()).put("connected", conns.sockets().size());
    List<BenchSocket> all = conns.sockets();
    AtomicIntegerArray directs = new AtomicIntegerArray(connections);
    AtomicIntegerArray shared = new AtomicIntegerArray(connections);
    Traffic subs = new Traffic();
    BenchSocket.Listener acks = subs.receiver();
    for (BenchSocket s : all) {
      s.listener((sock, type, f, now) -> {
        if (type.equals("direct")) {
          directs.incrementAndGet(sock.index());
        } else if (type.equals("message") && sharedChannel.equals(f.getString("channel"))) {
          shared.incrementAndGet(sock.index());
        } else {
          acks.onFrame(sock, type, f, now);
        }
      });
    }
    Vertx backend = null;
    try {
      if (all.size() < connections) {
        return Scenario.failed(r, c, "connections failed: " + conns.firstFailures());
      }
      long subscribing = System.nanoTime();
      if (!subs.subscribeAll(all, s -> "bench:reach-" + userPrefix + s.index(), ramp.timeoutSeconds())
          || !subs.subscribeAll(all, s -> sharedChannel, ramp.timeoutSeconds())) {
        return Scenario.failed(r, c, "only " + subs.subscribedCount() + " subscribed");
      }
      r.put("subscribe_s", (System.nanoTime() - subscribing) / 1e9);
      long subscribed = System.nanoTime();
      backend = BackendMember.join(secret, cluster, backendPort, members).vertx();
      long directing = System.nanoTime();
      long sent = sendDirects(backend);
      waitUntil(() -> countAtLeast(directs, 1) == connections, 60);
      r.put("direct_sent", sent).put("direct_all_s", (System.nanoTime() - directing) / 1e9);
      sleepUntil(subscribed + (long) (publishAfter * 1e9));
      for (int k = 0; k < publish; k++) {
        backend.eventBus().request("switchboard.publish", new JsonObject().put("channel", sharedChannel)
            .put("content", new JsonObject().put("k", k)).put("sender", "bench"),
            new DeliveryOptions().setSendTimeout(30_000)).await(30, TimeUnit.SECONDS);
      }
      sleepUntil(subscribed + (long) (holdSeconds * 1e9));
      waitUntil(() -> countAtLeast(shared, expectShared) == connections, 30);
      ProcStats.Sample after = t.probe();
      Scenario.rssPerConnection(r, before, after, connections);
      int directMissing = connections - countAtLeast(directs, 1);
      int directRepeated = countAtLeast(directs, 2);
      int sharedMissing = connections - countAtLeast(shared, expectShared);
      int sharedRepeated = countAtLeast(shared, expectShared + 1);
      r.put("direct_missing", directMissing).put("direct_repeated", directRepeated)
          .put("shared_missing", sharedMissing).put("shared_repeated", sharedRepeated);
      Scenario.failures(r, c);
      r.details().put("ok", directMissing == 0 && directRepeated == 0 && sharedMissing == 0 && sharedRepeated == 0);
      return r;
    } finally {
      if (backend != null) {
        backend.close().await(30, TimeUnit.SECONDS);
      }
      c.closeAll(all, 10);
    }
  }

  /** One direct message per user, at most 256 requests in flight; returns how many were accepted. */
  private long sendDirects(Vertx backend) throws InterruptedException {
    Semaphore inFlight = new Semaphore(256);
    LongAdder accepted = new LongAdder();
    List<Future<?>> all = new ArrayList<>(connections);
    for (int i = 0; i < connections; i++) {
      inFlight.acquire();
      all.add(backend.eventBus().request("switchboard.direct", new JsonObject().put("user", userPrefix + i)
              .put("content", i).put("sender", "bench"), new DeliveryOptions().setSendTimeout(30_000))
          .onSuccess(m -> accepted.increment()).onComplete(ar -> inFlight.release()));
    }
    inFlight.acquire(256);
    return accepted.sum();
  }

  private static int countAtLeast(AtomicIntegerArray counts, int n) {
    int count = 0;
    for (int i = 0; i < counts.length(); i++) {
      if (counts.get(i) >= n) {
        count++;
      }
    }
    return count;
  }

  private static void waitUntil(java.util.function.BooleanSupplier done, double seconds) throws InterruptedException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (!done.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(100);
    }
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
