package io.switchboard.clients;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testing.NodeProcess;
import io.switchboard.testing.NodeProcesses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * A browser page subscribed to a history channel on node A while A restarts (SIGTERM, then a new
 * {@code java -jar} on the same ports): publications keep coming through node B's API, and the
 * page ends with every one of them once, in order, having resumed with {@code since}.
 */
@Tag("slow")
class BrowserRestartIT {
  static final Path SCRIPTS = Path.of("src", "test", "browser");
  static final String SECRET = "browser-restart-" + UUID.randomUUID();
  static final String KEY = "browser-restart-api-key-0001";
  static final String MEMBERS = "127.0.0.1:16980,127.0.0.1:16981";
  static final String[] OPTIONS = {"--set", "cluster.waitBeforeJoin=0", "--set", "api.keys=[it:" + KEY + "]",
      "--set", "namespaces=[{name: '', subscribe: [authenticated], publish: [authenticated], presence: true},"
          + "{name: feed, subscribe: [authenticated], publish: [authenticated], presence: false,"
          + " history: {size: 1000, ttl: 10m}}]"};
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final NodeProcesses processes = new NodeProcesses();

  private static Map<String, String> env(int hazelcastPort) {
    return Map.of("SWITCHBOARD_JWT_SECRET", SECRET, "SWITCHBOARD_CLUSTER_PORT", Integer.toString(hazelcastPort),
        "SWITCHBOARD_CLUSTER_MEMBERS", MEMBERS);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void ready(NodeProcess node, int members) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
        node.status("/health/ready") == 200 && node.get("/health").contains("\"members\":" + members));
  }

  private static void publish(NodeProcess via, int from, int to) throws Exception {
    for (int i = from; i <= to; i++) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + via.apiPort + "/api/publish"))
          .header("X-API-Key", KEY).POST(HttpRequest.BodyPublishers.ofString(
              new JsonObject().put("channel", "feed:restart").put("content", i).encode())).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
    }
  }

  @Test
  void aPageResumesAcrossItsNodesRestartWithNothingLost() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "no Chromium");
    assumeTrue(Files.isDirectory(SCRIPTS.resolve("node_modules").resolve("playwright-core")), "no playwright-core");
    NodeProcess b = NodeProcess.start("restart-b", env(16981), OPTIONS);
    processes.nodes.put("b", b);
    ready(b, 1);
    int aPort = freePort();
    int aApi = freePort();
    NodeProcess a = NodeProcess.start("restart-a", env(16980), aPort, aApi, OPTIONS);
    processes.nodes.put("a", a);
    ready(a, 2);
    processes.startClients(SECRET);
    String token = processes.minter().mint("reader", Duration.ofMinutes(10), Map.of());

    Process page = new ProcessBuilder("node", SCRIPTS.resolve("restart.mjs").toString(), "http://127.0.0.1:" + aPort,
        token, "feed:restart").redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(page.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.equals("READY")) {
        // the browser starting
      }
      assertEquals("READY", line, "the page subscribed");
      publish(b, 1, 20);
      a.signal("TERM");
      assertTrue(a.process().waitFor(30, TimeUnit.SECONDS), "node A stopped");
      publish(b, 21, 40); // while the page has no node
      NodeProcess again = NodeProcess.start("restart-a-again", env(16980), aPort, aApi, OPTIONS);
      processes.nodes.put("a-again", again);
      ready(again, 2);
      publish(b, 41, 60);
      try (Writer in = new OutputStreamWriter(page.getOutputStream(), StandardCharsets.UTF_8)) {
        in.write("EXPECT 60\n");
      }
      String result = null;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("{")) {
          result = line;
        }
      }
      assertTrue(page.waitFor(90, TimeUnit.SECONDS));
      JsonObject r = new JsonObject(result == null ? "{}" : result);
      assertEquals(true, r.getBoolean("ok", false), String.valueOf(result));
      assertEquals(60, r.getInteger("received"));
      JsonArray subscribed = r.getJsonArray("subscribed");
      assertTrue(subscribed.size() >= 2 && Boolean.TRUE.equals(subscribed.getValue(subscribed.size() - 1)),
          "resubscribed after the restart with recovered: true: " + subscribed);
    } finally {
      page.destroyForcibly();
    }
  }
}
