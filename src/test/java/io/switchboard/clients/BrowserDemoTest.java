package io.switchboard.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The demo page in a real browser: Debian's Chromium driven by playwright-core (src/test/browser,
 * installed by {@code npm ci} there; .ci/run does both), against a dev-mode node. Skipped, saying
 * why, where either is missing.
 */
class BrowserDemoTest {
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

  @Test
  void twoPagesChatAndSeeEachOtherPresent() throws Exception {
    assumeBrowser();
    try (TestNode dev = TestNode.startDevMode("browser-" + UUID.randomUUID())) {
      Path screenshot = Path.of("target", "demo.png");
      Files.createDirectories(screenshot.getParent());
      run("demo.mjs", "http://127.0.0.1:" + dev.port(), screenshot.toString());
    }
  }

  /** A component written for the seed's useWebSocket renders messages through the drop-in; useChannel too. */
  @Test
  void theReactHooksRenderTheChannel() throws Exception {
    assumeBrowser();
    try (TestNode node = TestNode.start()) {
      JsonObject result = run("react.mjs", "http://127.0.0.1:" + node.port(), node.token("reactor"));
      assertEquals("reactor", result.getString("presence"));
    }
  }
}
