package io.switchboard.history;

import static io.switchboard.testing.StreamFollower.followUntil;
import static io.switchboard.testing.StreamFollower.historyEpoch;
import static io.switchboard.testing.StreamFollower.publishAndAnswer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cluster.Member;
import io.switchboard.testing.LiteBackend;
import io.switchboard.testing.NodeProcess;
import io.switchboard.testing.NodeProcesses;
import io.switchboard.testing.TestClient;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Channels with history on three {@code java -jar} nodes. First the node that owns a channel's
 * partition is killed with SIGKILL while a backend keeps publishing into it: the stream keeps its
 * epoch (the backup has it), no offset is used twice, no publication is stored twice (Hazelcast
 * runs an append again on the new owner when the old one died before answering), and the
 * subscribers on the two survivors receive every stored publication once, in offset order. Then a
 * split: one survivor is frozen until the other has removed it, publications go on on both sides,
 * and it merges back: every subscriber receives every publication, or is told to resubscribe.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryProcessesIT {
  static final String SECRET = "history-process-test-secret-history-42";
  static final int[] PORTS = {16921, 16922, 16923};
  static final String CLUSTER = "it-history-" + UUID.randomUUID();
  static final String MEMBERS = "127.0.0.1:16921,127.0.0.1:16922,127.0.0.1:16923,127.0.0.1:16930";
  static final String NAMESPACES = "namespaces=[{name: feed, subscribe: [authenticated], publish: [authenticated],"
      + " presence: false, history: {size: 5000, ttl: 1h, maxRecover: 5000}}]";
  static final List<String> NAMES = List.of("first", "second", "owner");

  @RegisterExtension
  static final NodeProcesses processes = new NodeProcesses();
  static final Map<String, NodeProcess> nodes = processes.nodes;
  static LiteBackend backend;

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> env = Map.of("SWITCHBOARD_JWT_SECRET", SECRET, "SWITCHBOARD_CLUSTER_NAME", CLUSTER,
        "SWITCHBOARD_CLUSTER_MEMBERS", MEMBERS);
    for (int i = 0; i < NAMES.size(); i++) {
      nodes.put(NAMES.get(i), NodeProcess.start("history-" + NAMES.get(i), env,
          "--set", "cluster.port=" + PORTS[i], "--set", "cluster.waitBeforeJoin=0", "--set", "http.instances=1",
          "--set", NAMESPACES, "--set", "streams.gapWait=100ms", "--set", "streams.positionCheck=1s",
          "--set", "limits.messagesPerSecond=100000", "--set", "limits.messageBurst=100000"));
      // one after the other: the first is the oldest member (Hazelcast's master) and is not the one killed
      NodeProcess node = nodes.get(NAMES.get(i));
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> node.status("/health/ready") == 200);
    }
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
        nodes.values().stream().allMatch(n -> new JsonObject(n.get("/health")).getJsonObject("cluster")
            .getInteger("members") >= 3));
    backend = processes.joinBackend(SECRET, CLUSTER, 16930, MEMBERS);
    processes.startClients(SECRET);
  }

  /** A channel of the history namespace whose partition the node {@code owner} owns. */
  static String channelOwnedBy(int clusterPort) {
    var partitions = backend.member().getHazelcastInstance().getPartitionService();
    for (int i = 0; i < 10_000; i++) {
      String channel = "feed:k" + i;
      Member owner = partitions.getPartition(channel).getOwner();
      if (owner != null && owner.getAddress().getPort() == clusterPort) {
        return channel;
      }
    }
    throw new AssertionError("no channel among 10,000 is owned by the member on port " + clusterPort);
  }

  @Test
  @Order(1)
  void theOwnerOfAChannelsPartitionKilledMidPublishingLosesNothingAndReusesNoOffset() throws Exception {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> backend.clusterSafe());
    String channel = channelOwnedBy(PORTS[2]);
    List<TestClient> subscribers = new ArrayList<>();
    for (String name : List.of("first", "second")) {
      TestClient c = TestClient.connect(processes.client(), nodes.get(name).httpPort, processes.minter().mint("sub-" + name, Duration.ofHours(1), Map.of()));
      c.send(new JsonObject().put("type", "subscribe").put("channel", channel).put("ref", "s"));
      assertEquals("subscribed", c.until(f -> "s".equals(f.getValue("ref"))).getString("type"));
      subscribers.add(c);
    }

    // a backend publishes with 8 requests in flight, before, during and after the kill
    Map<Long, String> storedAt = new ConcurrentHashMap<>();
    Set<String> epochs = ConcurrentHashMap.newKeySet();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger offsetsUsedTwice = new AtomicInteger();
    int total = 600;
    int killAfter = 200;
    DeliveryOptions timeout = new DeliveryOptions().setSendTimeout(10_000);
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      int seq = sent.incrementAndGet();
      if (seq > total) {
        return;
      }
      String content = "p-" + seq;
      backend.vertx().eventBus().<JsonObject>request("switchboard.publish",
          new JsonObject().put("channel", channel).put("content", content).put("sender", "backend"), timeout)
          .onComplete(ar -> {
            if (ar.succeeded()) {
              epochs.add(ar.result().body().getString("epoch"));
              if (storedAt.put(ar.result().body().getLong("offset"), content) != null) {
                offsetsUsedTwice.incrementAndGet();
              }
            } else {
              failed.incrementAndGet();
            }
            answered.incrementAndGet();
            next[0].run();
          });
    };
    backend.vertx().runOnContext(v -> {
      for (int i = 0; i < 8; i++) {
        next[0].run();
      }
    });
    await().atMost(Duration.ofSeconds(60)).until(() -> answered.get() >= killAfter);
    nodes.get("owner").signal("KILL");
    long killedAt = System.nanoTime();
    await().atMost(Duration.ofSeconds(90)).until(() -> answered.get() >= total);
    System.out.println("SIGKILL of the partition owner: " + storedAt.size() + " stored, " + failed.get()
        + " failed, all answered " + (System.nanoTime() - killedAt) / 1_000_000 + " ms after the kill");

    assertEquals(0, offsetsUsedTwice.get(), "no offset is answered twice");
    assertEquals(1, epochs.size(), "the backup kept the stream: one epoch throughout, " + epochs);
    long top = storedAt.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
    for (TestClient c : subscribers) {
      Map<Long, String> delivered = new HashMap<>();
      Set<String> contents = new HashSet<>();
      long last = 0;
      while (last < top) {
        JsonObject f = c.next();
        assertEquals("message", f.getString("type"), () -> "every frame is a message of the stream: " + f.encode());
        long offset = f.getLong("offset");
        assertEquals(last + 1, offset, "offsets come in order, without a gap or a repeat");
        assertEquals(epochs.iterator().next(), f.getString("epoch"));
        assertTrue(contents.add(f.getString("content")), () -> "a publication stored twice: " + f.encode());
        delivered.put(offset, f.getString("content"));
        last = offset;
      }
      storedAt.forEach((offset, content) -> assertEquals(content, delivered.get(offset),
          "every acknowledged publication is delivered at its place"));
      assertTrue(top - storedAt.size() <= failed.get(),
          "the only publications never answered are those whose requests failed: top " + top
              + ", answered " + storedAt.size() + ", failed " + failed.get());
    }
    subscribers.forEach(TestClient::close);
  }

  /**
   * The split: "second" is frozen (SIGSTOP) until "first" has removed it, and "first" publishes;
   * "second" wakes alone (until Hazelcast merges the two clusters) and is published to at once;
   * after the merge "first" publishes once more. A subscriber on each node either receives every
   * publication of its stream, in order, up to the last one, or is told to resubscribe, and then
   * resubscribes with its last position and receives the last one. Never a silent change of stream.
   */
  @Test
  @Order(2)
  void aSplitAndMergeDeliversEverythingOrTellsSubscribersToResubscribe() throws Exception {
    NodeProcess first = nodes.get("first");
    NodeProcess second = nodes.get("second");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(backend::clusterSafe);
    String channel = "feed:split-" + UUID.randomUUID();
    Map<String, TestClient> subscribers = new HashMap<>();
    Map<String, TestClient> publishers = new HashMap<>();
    for (String name : List.of("first", "second")) {
      TestClient sub = connect(nodes.get(name), "split-sub-" + name);
      sub.send(new JsonObject().put("type", "subscribe").put("channel", channel).put("ref", "s"));
      assertEquals("subscribed", sub.until(f -> "s".equals(f.getValue("ref"))).getString("type"));
      subscribers.put(name, sub);
      publishers.put(name, connect(nodes.get(name), "split-pub-" + name));
    }
    String splitEpoch = null;
    for (int i = 0; i < 5; i++) {
      JsonObject ack = publishAndAnswer(publishers.get("first"), channel, "before-" + i);
      assertEquals("ack", ack.getString("type"));
      splitEpoch = ack.getString("epoch");
    }
    second.signal("STOP");
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> members(first) == 2); // first and the backend
      for (int i = 0; i < 5; i++) {
        assertEquals("ack", publishAndAnswer(publishers.get("first"), channel, "during-" + i).getString("type"));
      }
    } finally {
      second.signal("CONT");
    }
    // second wakes believing in the old cluster, finds itself alone, and is published to until it
    // acknowledges (its own copy of the stream goes on) or the clusters merge first
    // (it believes in the old cluster for a moment: 3 members, before it finds itself alone)
    long alone = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (members(second) != 1 && System.nanoTime() < alone) {
      TimeUnit.MILLISECONDS.sleep(50); // polling the node's /health: nothing to await but its view
    }
    boolean diverged = false;
    for (int i = 0; !diverged && members(second) == 1 && i < 20; i++) {
      JsonObject answer = publishAndAnswer(publishers.get("second"), channel, "woken-" + i);
      System.out.println("publication on the node alone: " + answer.encode());
      diverged = "ack".equals(answer.getString("type"));
    }
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
        .until(() -> members(first) == 3 && members(second) == 3);
    if (diverged) {
      // the clusters are one; their data merges then or a moment later, and the stream gets a new
      // epoch (both sides went on from the epoch of before the split: the merge cannot keep it)
      String before = splitEpoch;
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> !before.equals(historyEpoch(publishers.get("first"), channel)));
    }
    JsonObject last = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> publishAndAnswer(publishers.get("first"), channel, "after"), f -> "ack".equals(f.getString("type")));
    System.out.println("split: both sides published: " + diverged + "; the last publication: " + last.encode());
    for (String name : List.of("first", "second")) {
      String outcome = followUntil(subscribers.get(name), channel, last);
      System.out.println("split subscriber on " + name + ": " + outcome);
      if (diverged) {
        assertTrue(outcome.startsWith("told to resubscribe"), "both sides published: a new epoch, " + outcome);
      }
    }
  }

  static TestClient connect(NodeProcess node, String user) {
    return TestClient.connect(processes.client(), node.httpPort, processes.minter().mint(user, Duration.ofHours(1), Map.of()));
  }

  static int members(NodeProcess node) {
    String health = node.get("/health");
    return health.isEmpty() ? -1 : new JsonObject(health).getJsonObject("cluster").getInteger("members");
  }
}
