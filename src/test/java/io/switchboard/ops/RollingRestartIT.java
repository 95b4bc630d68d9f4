package io.switchboard.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.NodeProcess;
import io.switchboard.testing.NodeProcesses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rolling restart of three {@code java -jar} nodes under load, as an operator does it: each node
 * in turn gets SIGTERM, drains (its sockets closed with 1001 in waves over {@code drain.period}),
 * leaves and exits, and is started again on its ports; the next waits until it is ready and the
 * cluster has its three members. Meanwhile the load tool ({@code bench rolling}, a process of its
 * own) keeps clients on every node publishing into history channels; each client the drain closes
 * reconnects to the next node and resumes there. Checked from the tool's report: no offset lost,
 * repeated or reordered in any client's stream, every acknowledged publication stored, one
 * reconnect per socket closed, and the reconnects each node received in any one second bounded by
 * the waves (the drained node's share of clients over the drain period), not all at once.
 */
@Tag("slow")
class RollingRestartIT {
  static final String SECRET = "rolling-restart-secret-rolling-restart-01";
  static final String CLUSTER = "it-rolling-" + UUID.randomUUID();
  static final int[] CLUSTER_PORTS = {16941, 16942, 16943};
  static final String MEMBERS = "127.0.0.1:16941,127.0.0.1:16942,127.0.0.1:16943";
  static final int CLIENTS = 240;
  static final int DRAIN_SECONDS = 4;
  static final String NAMESPACES = "namespaces=[{name: feed, subscribe: [authenticated], publish: [authenticated],"
      + " presence: true, history: {size: 2000, ttl: 10m, maxRecover: 2000}}]";

  @RegisterExtension
  static final NodeProcesses processes = new NodeProcesses();

  @Test
  void aRollingRestartUnderLoadLosesNothingAndSpreadsTheReconnects() throws Exception {
    Map<String, String> env = Map.of("SWITCHBOARD_JWT_SECRET", SECRET, "SWITCHBOARD_CLUSTER_NAME", CLUSTER,
        "SWITCHBOARD_CLUSTER_MEMBERS", MEMBERS);
    List<NodeProcess> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nodes.add(start(i, env, 0, 0));
      awaitReady(nodes.get(i), i + 1);
    }
    Path stopFile = Path.of("target", "it-logs", "rolling-" + UUID.randomUUID() + ".done");
    Path report = Path.of("target", "it-logs", "rolling.json");
    Files.deleteIfExists(report);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
        "-jar", "target/switchboard.jar", "bench", "rolling",
        "--url", "ws://127.0.0.1:" + nodes.get(0).httpPort + "/ws",
        "--nodes", "ws://127.0.0.1:" + nodes.get(1).httpPort + "/ws,ws://127.0.0.1:" + nodes.get(2).httpPort + "/ws",
        "--secret", SECRET, "--clients", Integer.toString(CLIENTS), "--channels", "24", "--rate", "60",
        "--seconds", "240", "--stop-file", stopFile.toString(), "--channel-prefix", "feed:rolling-",
        "--ramp", "500", "--json", report.toString()));
    Process bench = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(Path.of("target", "it-logs", "rolling-bench.log").toFile()).start();
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> nodes.stream().mapToLong(RollingRestartIT::sessions).sum() == CLIENTS);
      List<Integer> drained = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        NodeProcess node = nodes.get(i);
        drained.add((int) sessions(node));
        node.signal("TERM");
        assertTrue(node.process().waitFor(DRAIN_SECONDS + 40, TimeUnit.SECONDS), "node " + i + " exits after its drain");
        assertEquals(143, node.process().exitValue(), "the exit status of a SIGTERM that was handled");
        String log = Files.readString(Path.of("target", "it-logs", "rolling-" + i + ".log"));
        assertTrue(log.contains("Drained: "), "the node drained before leaving:\n" + log);
        nodes.set(i, start(i, env, node.httpPort, node.apiPort));
        awaitReady(nodes.get(i), 3);
      }
      Files.writeString(stopFile, "done");
      assertTrue(bench.waitFor(120, TimeUnit.SECONDS), "the load tool ends after the restarts");
      JsonObject json = new JsonObject(Files.readString(report));
      JsonObject round = json.getJsonObject("targets").getJsonObject("gateway").getJsonArray("rounds").getJsonObject(0);
      JsonObject m = round.getJsonObject("metrics");
      JsonObject details = round.getJsonObject("details");
      System.out.println("rolling restart: sockets per drained node " + drained + "; " + m.encode() + " " + details.encode());
      assertEquals(0, bench.exitValue(), () -> "the load tool's round is clean: " + details.encode());
      assertEquals(0, m.getInteger("offsets_lost"));
      assertEquals(0, m.getInteger("duplicates"));
      assertEquals(0, m.getInteger("acked_not_stored"));
      assertTrue(m.getDouble("acked") > 0);
      assertEquals(drained.stream().mapToInt(Integer::intValue).sum(), m.getDouble("going_away").intValue(),
          "every socket a drain closed was closed with 1001");
      assertEquals(m.getDouble("closes_by_server"), m.getDouble("reconnects"), "one reconnect per socket closed");
      JsonArray perNode = details.getJsonArray("per_node");
      int mostDrained = drained.stream().mapToInt(Integer::intValue).max().orElseThrow();
      // all at once, a node's whole share would arrive within a second; in waves about share / period
      int bound = Math.max(10, 2 * mostDrained / DRAIN_SECONDS);
      for (Object o : perNode) {
        JsonObject n = (JsonObject) o;
        assertTrue(n.getInteger("reconnects_peak_per_s") <= bound,
            () -> "reconnects into " + n.getString("node") + " peaked at " + n.getInteger("reconnects_peak_per_s")
                + "/s, over the waves' bound " + bound + "/s: " + perNode.encode());
        if (n.getInteger("going_away_sent") > 10) {
          assertTrue(n.getDouble("going_away_spread_s") >= DRAIN_SECONDS / 2.0,
              () -> "a node's 1001s spread over its drain: " + n.encode());
        }
      }
    } finally {
      bench.destroyForcibly();
    }
  }

  private static NodeProcess start(int i, Map<String, String> env, int port, int apiPort) throws Exception {
    String[] args = {"--set", "cluster.port=" + CLUSTER_PORTS[i], "--set", "cluster.waitBeforeJoin=0",
        "--set", "http.instances=1", "--set", "drain.period=" + DRAIN_SECONDS + "s", "--set", NAMESPACES,
        "--set", "limits.messagesPerSecond=1000", "--set", "limits.messageBurst=1000"};
    String name = "rolling-" + i + (port == 0 ? "" : "-again");
    NodeProcess node = port == 0 ? NodeProcess.start(name, env, args) : NodeProcess.start(name, env, port, apiPort, args);
    processes.nodes.put(name, node);
    return node;
  }

  /** Ready, and seeing {@code members} members: an operator's rolling restart waits for both. */
  private static void awaitReady(NodeProcess node, int members) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
      if (node.status("/health/ready") != 200) {
        return false;
      }
      String health = node.get("/health");
      return !health.isEmpty() && new JsonObject(health).getJsonObject("cluster").getInteger("members") >= members;
    });
  }

  private static long sessions(NodeProcess node) {
    String stats = node.apiGet("/stats");
    return stats.isEmpty() ? 0 : new JsonObject(stats).getLong("sessions");
  }
}
