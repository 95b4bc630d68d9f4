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

  @Test
  void twoPagesChatAndSeeEachOtherPresent() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM);
    assumeTrue(Files.isDirectory(SCRIPTS.resolve("node_modules").resolve("playwright-core")),
        "playwright-core is not installed: npm ci --prefix src/test/browser");
    try (TestNode dev = TestNode.startDevMode("browser-" + UUID.randomUUID())) {
      Path screenshot = Path.of("target", "demo.png");
      Files.createDirectories(screenshot.getParent());
      Process p = new ProcessBuilder(List.of("node", SCRIPTS.resolve("demo.mjs").toString(),
          "http://127.0.0.1:" + dev.port(), screenshot.toString())).redirectErrorStream(true).start();
      boolean done = p.waitFor(120, TimeUnit.SECONDS);
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!done) {
        p.destroyForcibly();
      }
      JsonObject result = new JsonObject(output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("{}"));
      assertEquals(true, result.getBoolean("ok", false), output);
    }
  }
}
