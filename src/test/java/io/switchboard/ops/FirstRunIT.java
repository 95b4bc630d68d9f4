package io.switchboard.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.NodeProcess;
import io.switchboard.testing.NodeProcesses;
import io.switchboard.testing.TestClient;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The first run, tried as a new user tries it: the jar's help, a port that is taken, a misspelled
 * environment variable, options from the environment, and two dev-mode nodes on one machine whose
 * tokens (the printed one, and one minted with {@code token --sub}) work on both.
 */
@Tag("slow")
class FirstRunIT {
  @RegisterExtension
  static final NodeProcesses processes = new NodeProcesses();

  record Run(int exit, String output) {}

  /** Runs the jar with {@code args} to its end (at most 60 s) and returns its exit status and output. */
  static Run jar(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", "target/switchboard.jar"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the jar ends: " + String.join(" ", args));
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void theHelpListsEveryCommandAndEveryOptionWithItsVariable() throws Exception {
    Run help = jar(Map.of(), "--help");
    assertEquals(0, help.exit());
    for (String command : List.of("run", "token", "bench")) {
      assertTrue(help.output().contains("  " + command + " "), () -> command + " listed:\n" + help.output());
    }
    Run run = jar(Map.of(), "run", "--help");
    assertEquals(0, run.exit(), run.output());
    for (String path : ConfigLoader.optionPaths(ConfigLoader.defaults(), "")) {
      assertTrue(run.output().contains(path + " ") && run.output().contains(ConfigLoader.envName(path)),
          () -> path + " listed with its variable:\n" + run.output());
    }
    Run token = jar(Map.of(), "token", "--help");
    assertEquals(0, token.exit(), token.output());
    assertTrue(token.output().contains("--sub"), token.output());
    assertEquals(0, jar(Map.of(), "run", "--version").exit());
  }

  @Test
  void aMisspelledVariableStopsTheNodeNamingIt() throws Exception {
    Run run = jar(Map.of("SWITCHBOARD_HTTP_PROT", "9000"), "--http-port", "0");
    assertEquals(2, run.exit(), run.output());
    assertTrue(run.output().contains("SWITCHBOARD_HTTP_PROT") && run.output().contains("SWITCHBOARD_HTTP_PORT"),
        run.output());
  }

  @Test
  void aPortInUseIsNamedAndTheNodeLeavesTheClusterItJoinedBeforeItExits() throws Exception {
    String cluster = "first-run-" + UUID.randomUUID();
    Map<String, String> env = Map.of("SWITCHBOARD_JWT_SECRET", "first-run-secret-first-run-secret-0001",
        "SWITCHBOARD_CLUSTER_NAME", cluster, "SWITCHBOARD_CLUSTER_MEMBERS", "127.0.0.1:16952,127.0.0.1:16953",
        "SWITCHBOARD_CLUSTER_WAIT_BEFORE_JOIN", "0");
    NodeProcess first = NodeProcess.start("first-run-a", env, "--set", "cluster.port=16952");
    processes.nodes.put("first-run-a", first);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> first.status("/health/ready") == 200);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Run second = jar(env, "--http-port", Integer.toString(taken.getLocalPort()), "--set", "cluster.port=16953");
      assertEquals(1, second.exit(), second.output());
      assertTrue(second.output().contains("http.port 127.0.0.1:" + taken.getLocalPort() + " is in use"), second.output());
      assertTrue(second.output().contains("--http-port"), second.output());
    }
    // it had joined, and it left before it exited: the first node saw it come and go at once, not
    // after missing its heartbeats (5 s; a member that vanishes is removed with another message)
    Path log = Path.of("target", "it-logs", "first-run-a.log");
    await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100))
        .until(() -> new JsonObject(first.get("/health")).getJsonObject("cluster").getInteger("members") == 1);
    String seen = Files.readString(log);
    assertTrue(seen.contains("member joined") && seen.contains("member left"), seen);
  }

  @Test
  void jsonLogsAreOneObjectPerLineFromStartToExit() throws Exception {
    Map<String, String> env = Map.of("SWITCHBOARD_JWT_SECRET", "first-run-secret-first-run-secret-0002",
        "SWITCHBOARD_CLUSTER_NAME", "first-run-json-" + UUID.randomUUID(), "SWITCHBOARD_CLUSTER_MEMBERS",
        "127.0.0.1:16956", "SWITCHBOARD_CLUSTER_WAIT_BEFORE_JOIN", "0", "SWITCHBOARD_LOG_FORMAT", "json");
    NodeProcess node = NodeProcess.start("first-run-json", env, "--set", "cluster.port=16956");
    processes.nodes.put("first-run-json", node);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> node.status("/health/ready") == 200);
    node.signal("TERM");
    assertTrue(node.process().waitFor(60, TimeUnit.SECONDS));
    List<String> lines = Files.readAllLines(Path.of("target", "it-logs", "first-run-json.log"));
    assertTrue(lines.size() >= 3, () -> String.join("\n", lines));
    for (String line : lines) {
      JsonObject record = new JsonObject(line); // every line, Hazelcast's and Vert.x's too
      for (String field : List.of("time", "level", "logger", "message")) {
        assertTrue(record.containsKey(field), () -> field + " in " + line);
      }
    }
    assertTrue(lines.stream().anyMatch(l -> new JsonObject(l).getString("message").startsWith("Switchboard node ")),
        () -> String.join("\n", lines));
  }

  @Test
  void twoDevNodesOnOneMachineShareTheirTokensAndTheTokenCommandMintsForThem() throws Exception {
    Path home = Files.createTempDirectory("switchboard-home");
    String cluster = "first-run-dev-" + UUID.randomUUID();
    Map<String, String> env = new HashMap<>(Map.of("JAVA_TOOL_OPTIONS", "-Duser.home=" + home,
        "SWITCHBOARD_CLUSTER_NAME", cluster, "SWITCHBOARD_CLUSTER_MEMBERS", "127.0.0.1:16954,127.0.0.1:16955",
        "SWITCHBOARD_CLUSTER_WAIT_BEFORE_JOIN", "0", "SWITCHBOARD_HTTP_INSTANCES", "1"));
    env.put("SWITCHBOARD_JWT_SECRET", ""); // dev mode, whatever the test's own environment holds
    NodeProcess a = NodeProcess.start("first-run-dev-a", env, "--set", "cluster.port=16954");
    processes.nodes.put("first-run-dev-a", a);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> a.status("/health/ready") == 200);
    NodeProcess b = NodeProcess.start("first-run-dev-b", env, "--set", "cluster.port=16955");
    processes.nodes.put("first-run-dev-b", b);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> b.status("/health/ready") == 200
        && new JsonObject(b.get("/health")).getJsonObject("cluster").getInteger("members") == 2);
    assertEquals(1, new JsonObject(a.apiGet("/stats")).getJsonArray("sessionsPerLoop").size(),
        "SWITCHBOARD_HTTP_INSTANCES set http.instances");

    String printed = banner(a, "ws://127.0.0.1:" + a.httpPort + "/ws\\?token=(\\S+)");
    Run minted = jar(env, "token", "--sub", "bob");
    assertEquals(0, minted.exit(), minted.output());
    String bob = minted.output().lines().filter(l -> l.startsWith("eyJ")).findFirst().orElseThrow();
    processes.startClients("unused-secret-unused-secret-unused-0001");
    try (TestClient devOnB = TestClient.connect(processes.client(), b.httpPort, printed);
        TestClient bobOnA = TestClient.connect(processes.client(), a.httpPort, bob)) {
      devOnB.subscribe("lobby");
      bobOnA.subscribe("lobby");
      bobOnA.publish("lobby", "hi from a");
      JsonObject got = devOnB.next("message");
      assertEquals("hi from a", got.getString("content"));
      assertEquals("bob", got.getString("sender"));
    }
    String keyA = banner(a, "X-API-Key: ([^']+)'");
    assertEquals(keyA, banner(b, "X-API-Key: ([^']+)'"), "one dev API key for the dev nodes of a machine");
  }

  /** The first group of {@code pattern} in the node's output, once it printed its banner. */
  private static String banner(NodeProcess node, String pattern) throws Exception {
    Path log = Path.of("target", "it-logs", node.name + ".log");
    Pattern p = Pattern.compile(pattern);
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
      Matcher m = p.matcher(Files.readString(log));
      return m.find() ? m.group(1) : null;
    }, found -> found != null);
  }
}
