package io.switchboard.tcpbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testing.RunningNode;
import io.switchboard.testing.TestClient;
import io.switchboard.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's Python publisher, run as it is against a real node, when python3 is on the machine. */
class PythonExampleTest {
  static final Path EXAMPLE = Path.of("examples", "python", "publish.py");

  @RegisterExtension
  static final RunningNode node = new RunningNode("bridge.tcp.port=0");

  private static boolean python() {
    try {
      return new ProcessBuilder("python3", "--version").start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void theReadmeShowsTheExampleAsItIs() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    assertTrue(readme.contains("```python\n" + Files.readString(EXAMPLE) + "```"),
        "README.md quotes " + EXAMPLE + " whole");
  }

  @Test
  void thePythonExamplePublishesToSubscribers() throws Exception {
    assumeTrue(python(), "python3 is not installed");
    try (TestClient subscriber = node.connect("reader")) {
      subscriber.subscribe("lobby");
      ProcessBuilder pb = new ProcessBuilder(List.of("python3", EXAMPLE.toString(), "127.0.0.1",
          Integer.toString(node.tcpBridgePort()), "lobby", "{\"hello\": \"from python\"}")).redirectErrorStream(true);
      pb.environment().put("API_KEY", TestNode.API_KEY);
      Process p = pb.start();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "python3 finished");
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), output);
      assertEquals("published {}\n", output);
      JsonObject m = subscriber.next("message");
      assertEquals(new JsonObject().put("hello", "from python"), m.getJsonObject("content"));
      assertEquals("python", m.getString("sender"));
    }
  }
}
