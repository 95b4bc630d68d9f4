package io.switchboard.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.auth.TokenMinter;
import io.switchboard.interest.InterestEntry;
import io.switchboard.testing.LiteBackend;
import io.switchboard.testing.NodeProcesses;
import io.switchboard.testing.NodeProcess;
import io.switchboard.testing.TestClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Four nodes as separate {@code java -jar} processes, a backend that joins their cluster as a
 * Hazelcast lite member, and clients on each node. Then the nodes die the three ways nodes die:
 * SIGKILL (presence gone everywhere within 5 s), SIGSTOP (within 15 s) and SIGTERM (sockets closed
 * with 1001, presence gone at once).
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeProcessesIT {
  static final String SECRET = "process-test-secret-process-test-secret-42";
  static final int BASE_PORT = 16901;
  static final String CLUSTER = "it-" + UUID.randomUUID();
  static final String MEMBERS = "127.0.0.1:16901,127.0.0.1:16902,127.0.0.1:16903,127.0.0.1:16904,127.0.0.1:16905";

  /** Heartbeats every 2 s: a node that merges back after a split renews its presence within that. */
  static final String[] NODE_OPTIONS = {
      "--set", "cluster.waitBeforeJoin=0", "--set", "http.instances=1", "--set", "heartbeat.interval=2s"};
  @RegisterExtension
  static final NodeProcesses processes = new NodeProcesses();
  static final Map<String, NodeProcess> nodes = processes.nodes;
  static final Map<String, TestClient> clients = new HashMap<>();
  /** Each node's id in the cluster (the interest table names nodes by it). */
  static final Map<String, String> nodeIds = new HashMap<>();
  static Map<String, String> env;
  static final List<JsonObject> events = new CopyOnWriteArrayList<>();
  static Vertx backend;
  static HazelcastClusterManager backendMember;
  static WebSocketClient client;
  static TokenMinter minter;


  @BeforeAll
  static void start() throws Exception {
    env = Map.of(
        "SWITCHBOARD_JWT_SECRET", SECRET,
        "SWITCHBOARD_CLUSTER_NAME", CLUSTER,
        "SWITCHBOARD_CLUSTER_PORT", Integer.toString(BASE_PORT),
        "SWITCHBOARD_CLUSTER_MEMBERS", MEMBERS);
    // the survivor starts first and so is the cluster's oldest member (Hazelcast's master): the nodes
    // that die are ordinary members. A frozen master costs a master fail-over on top (see the README).
    nodes.put("survivor", NodeProcess.start("survivor", env, NODE_OPTIONS));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> nodes.get("survivor").status("/health/ready") == 200);
    for (String name : List.of("terminated", "killed", "frozen")) {
      nodes.put(name, NodeProcess.start(name, env, NODE_OPTIONS));
    }
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
        nodes.values().stream().allMatch(n -> n.status("/health/ready") == 200
            && new JsonObject(n.get("/health")).getJsonObject("cluster").getInteger("members") >= 4));

    for (String name : nodes.keySet()) {
      nodeIds.put(name, new JsonObject(nodes.get(name).apiGet("/stats")).getString("node"));
    }
    LiteBackend lite = processes.joinBackend(SECRET, CLUSTER, 16910, MEMBERS);
    backend = lite.vertx();
    backendMember = lite.member();
    backend.eventBus().<JsonObject>consumer("switchboard.events", m -> events.add(m.body())).completion().await();

    processes.startClients(SECRET);
    client = processes.client();
    minter = processes.minter();
    for (String name : nodes.keySet()) {
      TestClient c = TestClient.connect(client, nodes.get(name).httpPort,
          minter.mint("user-" + name, Duration.ofHours(1), Map.of()));
      c.subscribe("room");
      clients.put(name, c);
    }
    clients.get("survivor").until(f -> "presence".equals(f.getString("type")) && f.getJsonArray("users").size() == 4);
  }

  /**
   * Waits until every partition has its replicas in place. Each death starts from a settled
   * cluster, as in a rolling restart that waits for it: a second node lost while the first loss's
   * partitions are still being promoted can stall Hazelcast's master for longer than the heartbeat
   * timeout on a starved machine, and the live nodes then suspect each other.
   */
  static void awaitSettled() {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> backendMember.getHazelcastInstance().getPartitionService().isClusterSafe());
  }

  @Test
  @Order(1)
  void aBackendPublishesThroughTheClusterAndObservesEvents() throws Exception {
    JsonObject reply = backend.eventBus().<JsonObject>request("switchboard.publish",
        new JsonObject().put("channel", "room").put("content", "from billing").put("sender", "billing"))
        .await(20, TimeUnit.SECONDS).body();
    assertEquals(new JsonObject(), reply);
    for (TestClient c : clients.values()) {
      JsonObject m = c.next("message");
      assertEquals("from billing", m.getString("content"));
      assertEquals("billing", m.getString("sender"));
    }
    for (String name : clients.keySet()) {
      direct("user-" + name, "for " + name);
    }
    for (String name : clients.keySet()) {
      assertEquals("for " + name, clients.get(name).next("direct").getString("content"));
    }
    TestClient fresh = TestClient.connect(client, nodes.get("survivor").httpPort, minter.mint("late", Duration.ofHours(1), Map.of()));
    fresh.subscribe("side");
    await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e ->
        "subscribed".equals(e.getString("event")) && "late".equals(e.getString("user")) && "side".equals(e.getString("channel"))));
    fresh.close();
  }

  @Test
  @Order(2)
  void aKilledNodesUsersLeaveEveryPresenceListWithinFiveSeconds() throws Exception {
    long millis = loseNode("killed", "KILL");
    assertTrue(millis <= 5000, "presence converged in " + millis + " ms");
    await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e ->
        "leave".equals(e.getString("event")) && "user-killed".equals(e.getString("user")) && e.getString("lostNode") != null));
    // one survivor scans the interest table for the lost node; its channel and user are gone
    await().atMost(Duration.ofSeconds(10)).until(() -> keysNaming(nodeIds.get("killed")).isEmpty());
    clients.get("frozen").publish("room", "after the kill");
    for (String name : List.of("survivor", "terminated", "frozen")) {
      assertEquals("after the kill", clients.get(name).next("message").getString("content"));
    }
  }

  @Test
  @Order(3)
  void aFrozenNodesUsersLeaveEveryPresenceListWithinFifteenSeconds() throws Exception {
    long millis = loseNode("frozen", "STOP");
    assertTrue(millis <= 15000, "presence converged in " + millis + " ms");
  }

  /**
   * The frozen node wakes up after the cluster removed it: it finds itself alone, merges back
   * through Hazelcast's split-brain handling (which gives its member a new UUID), renews its
   * users' presence, and when it is then killed its users still leave every list: presence is
   * keyed by a node id that survives the merge.
   */
  @Test
  @Order(4)
  void aFrozenNodeThatWakesUpMergesBackAndItsUsersStillLeaveWhenItDies() throws Exception {
    NodeProcess node = nodes.get("frozen");
    node.signal("CONT");
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
        new JsonObject(nodes.get("survivor").get("/health")).getJsonObject("cluster").getInteger("members") == 4
            && new JsonObject(node.get("/health")).getJsonObject("cluster").getInteger("members") == 4);
    clients.get("survivor").until(f -> "presence".equals(f.getString("type"))
        && f.getJsonArray("users").contains("user-frozen"));
    assertFalse(clients.get("frozen").isClosed(), "a client of the frozen node outlived the freeze");
    // and its subscriptions are routed again: publications from the survivor reach it (Vert.x
    // rebuilds the routes between the nodes within a few seconds of the merge)
    long merged = System.nanoTime();
    TestClient frozenClient = clients.get("frozen");
    boolean reached = false;
    for (int i = 0; i < 40 && !reached; i++) {
      clients.get("survivor").publish("room", "after the merge " + i);
      reached = frozenClient.poll(500).stream().anyMatch(f -> "message".equals(f.getString("type"))
          && f.getString("content", "").startsWith("after the merge"));
    }
    System.out.println("routed again after the merge: " + reached + " in " + (System.nanoTime() - merged) / 1_000_000 + " ms");
    assertTrue(reached, "a publication from the survivor reaches the merged node's client within 20 s");
    // the other side dropped the frozen node from the interest table; it recorded its interest again
    await().atMost(Duration.ofSeconds(10)).until(() -> keysNaming(nodeIds.get("frozen")).containsAll(
        List.of("c:room", "u:user-frozen")));
    direct("user-frozen", "after the merge");
    assertEquals("after the merge", frozenClient.until(f -> "direct".equals(f.getString("type"))).getString("content"));
    long millis = loseNode("frozen", "KILL");
    assertTrue(millis <= 5000, "presence converged in " + millis + " ms after the merged node died");
  }

  @Test
  @Order(5)
  void aTerminatedNodeClosesItsSocketsWithGoingAwayAndLeavesAtOnce() throws Exception {
    NodeProcess node = nodes.get("terminated");
    TestClient own = clients.get("terminated");
    awaitSettled();
    long start = System.nanoTime();
    node.signal("TERM");
    assertEquals((short) 1001, own.awaitClose().code());
    JsonObject after = clients.get("survivor").until(f -> "presence".equals(f.getString("type"))
        && !f.getJsonArray("users").contains("user-terminated"));
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("SIGTERM: presence converged in " + millis + " ms: " + after.encode());
    assertTrue(millis <= 3000, "the others see it at once: " + millis + " ms");
    assertTrue(node.process().waitFor(20, TimeUnit.SECONDS), "the process exits");
    // a JVM stopped by SIGTERM exits with 128 + 15 once its shutdown hook has run
    assertEquals(143, node.process().exitValue());
    await().atMost(Duration.ofSeconds(10)).until(() ->
        new JsonObject(nodes.get("survivor").get("/health")).getJsonObject("cluster").getInteger("members") == 2);
  }

  /**
   * A node joins a running cluster: a user who connects on it gets a direct message a backend sends
   * the moment it sees {@code connected}, and a subscriber there gets what the survivor publishes
   * right after {@code subscribed}.
   */
  @Test
  @Order(6)
  void aNodeThatJustJoinedIsRoutedToAtOnce() throws Exception {
    nodes.put("joiner", NodeProcess.start("joiner", env, NODE_OPTIONS));
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
        nodes.get("joiner").status("/health/ready") == 200);
    var greeter = backend.eventBus().<JsonObject>consumer("switchboard.events", m -> {
      if ("connected".equals(m.body().getString("event")) && m.body().getString("user").startsWith("newcomer-")) {
        direct(m.body().getString("user"), "welcome");
      }
    });
    greeter.completion().await(10, TimeUnit.SECONDS);
    try {
      for (int i = 0; i < 5; i++) {
        TestClient newcomer = TestClient.connect(client, nodes.get("joiner").httpPort,
            minter.mint("newcomer-" + i, Duration.ofHours(1), Map.of()));
        assertEquals("welcome", newcomer.next("direct").getString("content"), "newcomer " + i);
        newcomer.subscribe("joined-" + i);
        clients.get("survivor").publish("joined-" + i, "right after subscribed");
        assertEquals("right after subscribed", newcomer.next("message").getString("content"));
        newcomer.close();
      }
    } finally {
      greeter.unregister().await(10, TimeUnit.SECONDS);
    }
  }

  private static void direct(String user, String content) {
    backend.eventBus().request("switchboard.direct", new JsonObject().put("user", user).put("content", content));
  }

  /** The keys of the interest table that name {@code nodeId}, read by the backend's lite member. */
  private static List<String> keysNaming(String nodeId) {
    List<String> keys = new ArrayList<>();
    backendMember.getHazelcastInstance().<String, InterestEntry>getMap(HazelcastConfigs.ROUTES_MAP).forEach((key, entry) -> {
      if (entry.nodes().contains(nodeId)) {
        keys.add(key);
      }
    });
    return keys;
  }

  /** Signals a node and returns how long until the survivor's client saw its user leave. */
  private static long loseNode(String name, String signal) throws Exception {
    NodeProcess node = nodes.get(name);
    TestClient watcher = clients.get("survivor");
    awaitSettled();
    long start = System.nanoTime();
    node.signal(signal);
    JsonObject after = watcher.until(f -> "presence".equals(f.getString("type"))
        && !f.getJsonArray("users").contains("user-" + name));
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("SIG" + signal + ": presence converged in " + millis + " ms: " + after.encode());
    List<String> users = new ArrayList<>();
    after.getJsonArray("users").forEach(u -> users.add((String) u));
    assertTrue(users.contains("user-survivor"));
    return millis;
  }
}
