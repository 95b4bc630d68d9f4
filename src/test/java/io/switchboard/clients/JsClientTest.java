package io.switchboard.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testing.RunningNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JavaScript client: its unit tests (Node's test runner, src/test/js), and the client the node
 * serves driving that node from Node.js. Needs {@code node} 20+ on the PATH (.ci/run installs it).
 */
class JsClientTest {
  @RegisterExtension
  static final RunningNode node = new RunningNode("namespaces=[{name: '', subscribe: [authenticated],"
      + " publish: [authenticated]}, {name: feed, subscribe: [authenticated], publish: [authenticated], presence: false,"
      + " history: {size: 100, ttl: 10m}}]", "rpc.methods=[echo]");

  /** The backend of the rpc method {@code echo}: answers with what it was sent, and who sent it. */
  @BeforeAll
  static void startTheEchoBackend() {
    node.node().node.vertx().eventBus().<JsonObject>consumer("switchboard.rpc.echo",
        m -> m.reply(new JsonObject().put("echo", m.body().getValue("data")).put("user", m.body().getString("user"))));
  }

  private static boolean nodeJs() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(10, TimeUnit.SECONDS) && version.matches("v(2[0-9]|[3-9][0-9])\\..*");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      p.destroyForcibly();
    }
    assertEquals(0, done ? p.exitValue() : -1, output);
    return output;
  }

  @Test
  void unitTestsPass() throws Exception {
    assumeTrue(nodeJs(), "node 20+ is not installed");
    run(List.of("node", "--test", "src/test/js/"));
  }

  /** Protocol v1 only: the seed's own server (its code, with the ws package), no refs, no acks. */
  @Test
  void theClientWorksAgainstASeedStyleServer() throws Exception {
    assumeTrue(nodeJs(), "node 20+ is not installed");
    assumeTrue(java.nio.file.Files.isDirectory(java.nio.file.Path.of("src", "test", "browser", "node_modules", "ws")),
        "ws is not installed: npm ci --prefix src/test/browser");
    String output = run(List.of("node", "--experimental-websocket", "--no-warnings", "src/test/browser/seed.mjs"));
    JsonObject result = new JsonObject(output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
    assertEquals(true, result.getBoolean("ok"), output);
    assertEquals("ada", result.getString("sender"));
  }

  @Test
  void theServedClientTalksToARealNodeAndDoesNotRetryARefusedToken() throws Exception {
    assumeTrue(nodeJs(), "node 20+ is not installed");
    List<String> command = new ArrayList<>(List.of("node", "--experimental-websocket", "--no-warnings",
        "src/test/js/e2e.mjs", Integer.toString(node.port()), node.token("js-user"),
        node.token("js-refresh", Duration.ofSeconds(4), Map.of()), node.token("js-refresh")));
    String output = run(command);
    JsonObject result = new JsonObject(output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
    assertEquals(true, result.getBoolean("ok"), output);
    assertEquals("public, max-age=300", result.getString("cache"));
    assertEquals("js-user", result.getString("sender"));
    assertEquals(new JsonArray().add("js-user"), result.getJsonArray("users"));
    assertEquals(1, result.getInteger("refusedAttempts"), "one attempt with a refused token, no loop");
    assertEquals(new JsonArray().add("connecting").add("connected").add("disconnected"), result.getJsonArray("states"));
    assertEquals(new JsonObject().put("echo", new JsonObject().put("n", 7)).put("user", "js-user"), result.getJsonObject("rpc"));
    assertEquals(new JsonArray().add("first").add("second"), result.getJsonArray("history"), "history() reads the channel's stream");
    assertEquals(1, result.getInteger("refreshes"), "the token was refreshed once through an auth frame, before it expired");
    assertEquals("ack", result.getString("afterExpiry"), "the session outlived its first token");
  }
}
