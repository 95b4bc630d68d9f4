package io.switchboard.cluster;

import static io.switchboard.testing.StreamFollower.followUntil;
import static io.switchboard.testing.StreamFollower.historyEpoch;
import static io.switchboard.testing.StreamFollower.publishAndAnswer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testing.NetNamespace;
import io.switchboard.testing.NodeProcess;
import io.switchboard.testing.NodeProcesses;
import io.switchboard.testing.TestClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cluster split by the network, and healed: three {@code java -jar} nodes, each in a network
 * namespace of its own (a host), their member traffic through a switch (a bridge in a fourth
 * namespace); the test reaches each node's client and API ports through a link of its own, which the
 * split does not touch, as clients in each rack keep reaching their rack's node. Unplugging one
 * node's cable splits it from the other two; plugging it back heals the cluster. What the README
 * promises during and after a split is checked here, step by step.
 */
@Tag("slow")
class PartitionIT {
  static final String SECRET = "partition-test-secret-partition-test-secret";
  /** A channel with history, and one without: each user subscribes to both. */
  static final String CHANNEL = "room:split";
  static final String PLAIN = "plain:split";
  static final String NAMESPACES = "namespaces=[{name: room, subscribe: [authenticated], publish: [authenticated],"
      + " presence: true, history: {size: 1000, ttl: 1h}}, {name: plain, subscribe: [authenticated],"
      + " publish: [authenticated], presence: true}]";
  static final List<String> NAMES = List.of("a", "b", "c");

  @RegisterExtension
  static final NodeProcesses processes = new NodeProcesses();
  static final Map<String, NodeProcess> nodes = processes.nodes;
  static final Map<String, NetNamespace> hosts = new LinkedHashMap<>();
  /** Each node's cable into the switch, by node: unplugging it cuts the node off the others. */
  static final Map<String, String> cables = new LinkedHashMap<>();
  static NetNamespace rack;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(NetNamespace.available(), "needs root for network namespaces (CI runs as root)");
    rack = NetNamespace.createSwitch("sbsw");
    Map<String, String> env = Map.of("SWITCHBOARD_JWT_SECRET", SECRET,
        "SWITCHBOARD_CLUSTER_NAME", "it-partition-" + UUID.randomUUID());
    for (int i = 0; i < NAMES.size(); i++) {
      String name = NAMES.get(i);
      NetNamespace host = NetNamespace.create("sbn");
      hosts.put(name, host);
      cables.put(name, host.plugInto(rack, memberAddress(i) + "/24"));
      String clientAddress = "10.213." + (21 + i) + ".2";
      host.link("10.213." + (21 + i) + ".1", clientAddress);
      nodes.put(name, NodeProcess.start("partition-" + name, env, host, clientAddress, 8080, 9080,
          "--set", "http.host=0.0.0.0", "--set", "api.host=0.0.0.0", "--set", "http.instances=1",
          "--set", "cluster.host=" + memberAddress(i), "--set", "cluster.port=5701", "--set", "cluster.eventBusPort=5801",
          "--set", "cluster.members=[" + memberAddress(0) + ":5701, " + memberAddress(1) + ":5701, " + memberAddress(2) + ":5701]",
          "--set", "cluster.waitBeforeJoin=0", "--set", NAMESPACES, "--set", "streams.positionCheck=1s",
          "--set", "drain.period=0s"));
      NodeProcess node = nodes.get(name);
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
          .until(() -> node.status("/health/ready") == 200);
    }
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> NAMES.stream().allMatch(n -> members(n) == 3));
    processes.startClients(SECRET);
  }

  @AfterAll
  static void stop() throws Exception {
    for (NodeProcess node : nodes.values()) { // by PID, before their hosts go
      node.close();
      node.process().waitFor(20, TimeUnit.SECONDS);
    }
    hosts.values().forEach(NetNamespace::close);
    if (rack != null) {
      rack.close();
    }
  }

  static String memberAddress(int i) {
    return "10.213.10." + (i + 1);
  }

  static TestClient connect(String node, String user) {
    NodeProcess n = nodes.get(node);
    return TestClient.connect(processes.client(), n.host, n.httpPort, processes.minter().mint(user, Duration.ofHours(1), Map.of()));
  }

  static int members(String node) {
    String health = nodes.get(node).get("/health");
    return health.isEmpty() ? -1 : new JsonObject(health).getJsonObject("cluster").getInteger("members");
  }

  /** The channel's users as {@code node} answers a presence query (through {@code asker}, connected there). */
  static Set<String> presence(TestClient asker, String channel) {
    String ref = "q-" + System.nanoTime();
    asker.send(new JsonObject().put("type", "presence").put("channel", channel).put("ref", ref));
    JsonObject answer = asker.until(f -> ref.equals(f.getValue("ref")));
    Set<String> users = new HashSet<>();
    answer.getJsonArray("users").forEach(u -> users.add((String) u));
    return users;
  }

  /** Waits until {@code node} lists {@code expected}; else fails with what every node lists and holds. */
  static void awaitPresence(Map<String, TestClient> askers, String channel, String node, Set<String> expected,
      int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!presence(askers.get(node), channel).equals(expected)) {
      if (System.nanoTime() > deadline) {
        StringBuilder seen = new StringBuilder();
        for (String n : NAMES) {
          seen.append(n).append(": ").append(presence(askers.get(n), channel)).append(", stats ")
              .append(nodes.get(n).apiGet("/stats")).append("\n");
        }
        throw new AssertionError("node " + node + " did not list " + expected + " in " + channel + " within " + seconds
            + " s:\n" + seen);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(250); // polling the nodes' answers: nothing else to await
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static TestClient subscribed(String node, String user) {
    TestClient c = connect(node, user);
    for (String channel : List.of(PLAIN, CHANNEL)) {
      c.send(new JsonObject().put("type", "subscribe").put("channel", channel).put("ref", "sub-" + channel));
      assertEquals("subscribed", c.until(f -> ("sub-" + channel).equals(f.getValue("ref"))).getString("type"));
    }
    return c;
  }

  /** Publishes until a publication is acknowledged (a side that just lost members answers unavailable for a moment). */
  static JsonObject published(TestClient publisher, String content) {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> publishAndAnswer(publisher, CHANNEL, content), f -> "ack".equals(f.getString("type")));
  }

  /**
   * Reads {@code sub}'s frames until it follows its side's stream: it received {@code warmup}, or it
   * was told to resubscribe (its side did not hold the channel's data and began a new epoch) and
   * did, so that what is published from now on reaches it live.
   */
  static void followsItsSide(TestClient sub, String warmup) {
    while (true) {
      JsonObject f = sub.next();
      if ("message".equals(f.getString("type")) && warmup.equals(f.getString("content"))) {
        return;
      }
      if ("resubscribe".equals(f.getString("type"))) {
        sub.send(new JsonObject().put("type", "subscribe").put("channel", CHANNEL).put("ref", "again"));
        assertEquals("subscribed", sub.until(a -> "again".equals(a.getValue("ref"))).getString("type"));
        return;
      }
    }
  }

  /** Reads {@code sub}'s messages up to the one with {@code content}: none of them may be {@code foreign}. */
  static void receivesOwnSideOnly(TestClient sub, String content, String foreign) {
    while (true) {
      JsonObject f = sub.next();
      assertFalse("resubscribe".equals(f.getString("type")), () -> "the side's stream changed again: " + f.encode());
      if ("message".equals(f.getString("type"))) {
        assertFalse(foreign.equals(f.getString("content")), () -> "crossed the split: " + f.encode());
        if (content.equals(f.getString("content"))) {
          return;
        }
      }
    }
  }

  @Test
  void eachSideServesItsOwnClientsAndTheHealedClusterAgreesOnPresenceAndHistory() throws Exception {
    Map<String, TestClient> subscribers = new LinkedHashMap<>();
    subscribers.put("alice", subscribed("a", "alice"));
    subscribers.put("bob", subscribed("b", "bob"));
    subscribers.put("carol", subscribed("c", "carol"));
    TestClient dave = subscribed("c", "dave");
    // publishers and presence askers, one per node; they subscribe to nothing, so they are in no list
    Map<String, TestClient> askers = new LinkedHashMap<>();
    for (String n : NAMES) {
      askers.put(n, connect(n, "asker-" + n));
    }
    Set<String> everyone = Set.of("alice", "bob", "carol", "dave");
    for (String n : NAMES) {
      awaitPresence(askers, PLAIN, n, everyone, 20);
      awaitPresence(askers, CHANNEL, n, everyone, 20);
    }
    JsonObject before = published(askers.get("b"), "before");
    for (TestClient sub : subscribers.values()) {
      followUntil(sub, CHANNEL, before);
    }

    // ---- the split: a's cable out of the switch
    long cut = System.nanoTime();
    rack.setInnerLink(cables.get("a"), false);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> members("a") == 1 && members("b") == 2 && members("c") == 2);
    System.out.printf("split seen by every node after %.1f s%n", (System.nanoTime() - cut) / 1e9);
    // presence: each side lists its own users; the other side's left, announced
    awaitPresence(askers, PLAIN, "a", Set.of("alice"), 20);
    for (String n : List.of("b", "c")) {
      awaitPresence(askers, PLAIN, n, Set.of("bob", "carol", "dave"), 20);
    }
    // users come and go on each side while it is split
    dave.close();
    subscribers.put("erin", subscribed("a", "erin"));
    awaitPresence(askers, PLAIN, "a", Set.of("alice", "erin"), 20);
    for (String n : List.of("b", "c")) {
      awaitPresence(askers, PLAIN, n, Set.of("bob", "carol"), 20);
    }
    // both sides accept publications and deliver them on their side only
    published(askers.get("b"), "warmup-b");
    published(askers.get("a"), "warmup-a");
    followsItsSide(subscribers.get("bob"), "warmup-b");
    followsItsSide(subscribers.get("carol"), "warmup-b");
    followsItsSide(subscribers.get("alice"), "warmup-a");
    followsItsSide(subscribers.get("erin"), "warmup-a");
    JsonObject duringB = published(askers.get("b"), "during-b");
    JsonObject duringA = published(askers.get("a"), "during-a");
    System.out.println("during the split: b's side at " + duringB.getString("epoch") + "/" + duringB.getLong("offset")
        + ", a's side at " + duringA.getString("epoch") + "/" + duringA.getLong("offset"));
    receivesOwnSideOnly(subscribers.get("bob"), "during-b", "during-a");
    receivesOwnSideOnly(subscribers.get("carol"), "during-b", "during-a");
    receivesOwnSideOnly(subscribers.get("alice"), "during-a", "during-b");
    receivesOwnSideOnly(subscribers.get("erin"), "during-a", "during-b");

    // ---- the heal: the cable back in
    long healed = System.nanoTime();
    rack.setInnerLink(cables.get("a"), true);
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
        .until(() -> NAMES.stream().allMatch(n -> members(n) == 3));
    System.out.printf("one cluster again after %.1f s%n", (System.nanoTime() - healed) / 1e9);
    // presence reconciled on every node: alice and erin back on b and c, no ghost of dave anywhere
    Set<String> now = Set.of("alice", "bob", "carol", "erin");
    for (String n : NAMES) {
      awaitPresence(askers, PLAIN, n, now, 30);
    }
    System.out.printf("presence agreed on every node %.1f s after the heal%n", (System.nanoTime() - healed) / 1e9);
    // history: the larger side's stream is kept. Both sides went on from one epoch: the merged
    // stream gets a new one. The smaller side had begun an epoch of its own: the larger side's
    // stays. Either way every node comes to read one stream, and from then on each publication is
    // delivered to every subscriber once, in order, at one position (a subscriber whose stream
    // changed is told to resubscribe first)
    String epochBefore = before.getString("epoch");
    boolean sameEpochOnBothSides = duringA.getString("epoch").equals(epochBefore);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
      Set<String> epochs = new HashSet<>();
      for (TestClient asker : askers.values()) {
        epochs.add(historyEpoch(asker, CHANNEL));
      }
      String epoch = epochs.iterator().next();
      return epochs.size() == 1 && (sameEpochOnBothSides ? !epoch.equals(epochBefore) : epoch.equals(epochBefore));
    });
    System.out.printf("one stream on every node %.1f s after the heal%n", (System.nanoTime() - healed) / 1e9);
    JsonObject after = published(askers.get("c"), "after");
    for (Map.Entry<String, TestClient> sub : subscribers.entrySet()) {
      System.out.println("after the heal, " + sub.getKey() + ": " + followUntil(sub.getValue(), CHANNEL, after));
    }
    JsonObject last = published(askers.get("a"), "last");
    List<String> positions = new ArrayList<>();
    for (TestClient sub : subscribers.values()) {
      JsonObject m = sub.until(f -> "message".equals(f.getString("type")) && "last".equals(f.getString("content")));
      positions.add(m.getString("epoch") + "/" + m.getLong("offset"));
    }
    assertEquals(List.of(positions.get(0), positions.get(0), positions.get(0), positions.get(0)), positions);
    assertEquals(last.getString("epoch") + "/" + last.getLong("offset"), positions.get(0));
    // the history channel's subscribers that were told to resubscribe did: it lists them all again
    for (String n : NAMES) {
      awaitPresence(askers, CHANNEL, n, now, 10);
    }
    // and the clients that stayed connected were served throughout
    for (Map.Entry<String, TestClient> sub : subscribers.entrySet()) {
      assertFalse(sub.getValue().isClosed(), sub.getKey() + " stayed connected");
    }
    askers.values().forEach(a -> assertTrue(!a.isClosed()));
  }
}
