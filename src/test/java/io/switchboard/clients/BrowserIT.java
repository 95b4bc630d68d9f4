package io.switchboard.clients;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testing.NodeProcess;
import io.switchboard.testing.NodeProcesses;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo page and the React hooks in a real browser: Debian's Chromium driven by playwright-core
 * (src/test/browser, installed by {@code npm ci} there; .ci/run does both), against {@code java
 * -jar} nodes. Skipped, saying why, where either is missing.
 */
@Tag("slow")
class BrowserIT {
  @RegisterExtension
  static final NodeProcesses processes = new NodeProcesses();

  static final Path SCRIPTS = Path.of("src", "test", "browser");
  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  private static void assumeBrowser() {
    assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM);
    assumeTrue(Files.isDirectory(SCRIPTS.resolve("node_modules").resolve("playwright-core")),
        "playwright-core is not installed: npm ci --prefix src/test/browser");
  }

  /** Runs one of the browser scripts; returns its JSON line. */
  private static JsonObject run(String script, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("node", SCRIPTS.resolve(script).toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      p.destroyForcibly();
    }
    JsonObject result = new JsonObject(output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("{}"));
    assertEquals(true, result.getBoolean("ok", false), output);
    return result;
  }

  private static NodeProcess node(String name, Map<String, String> env, int hazelcastPort) throws Exception {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("SWITCHBOARD_CLUSTER_PORT", Integer.toString(hazelcastPort));
    all.put("SWITCHBOARD_CLUSTER_MEMBERS", "127.0.0.1:" + hazelcastPort);
    NodeProcess node = NodeProcess.start(name, all, "--set", "cluster.waitBeforeJoin=0");
    processes.nodes.put(name, node);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> node.status("/health/ready") == 200);
    return node;
  }

  /** Two pages chat and see each other present; a refused token is tried once, not in a loop. */
  @Test
  void twoPagesChatAndSeeEachOtherPresent() throws Exception {
    assumeBrowser();
    NodeProcess dev = node("browser-dev", Map.of(), 16985); // no key: dev mode, the demo hands out tokens
    Path screenshot = Path.of("target", "demo.png");
    Files.createDirectories(screenshot.getParent());
    JsonObject result = run("demo.mjs", "http://127.0.0.1:" + dev.httpPort, screenshot.toString());
    assertEquals(1, result.getJsonObject("refused").getInteger("attempts"));
  }

  /** A component written for the seed's useWebSocket renders messages through the drop-in; useChannel too. */
  @Test
  void theReactHooksRenderTheChannel() throws Exception {
    assumeBrowser();
    String secret = "browser-react-" + UUID.randomUUID();
    NodeProcess keyed = node("browser-react", Map.of("SWITCHBOARD_JWT_SECRET", secret), 16986);
    processes.startClients(secret);
    JsonObject result = run("react.mjs", "http://127.0.0.1:" + keyed.httpPort,
        processes.minter().mint("reactor", Duration.ofMinutes(10), Map.of()));
    assertEquals("reactor", result.getString("presence"));
  }
}
