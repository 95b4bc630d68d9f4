package io.switchboard.backend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.NodeProcess;
import io.switchboard.testing.NodeProcesses;
import io.switchboard.testing.TestClient;
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
 * The README's JVM backend, run as a new user runs it ({@code java -cp target/switchboard.jar
 * examples/jvm/Backend.java}, nothing else on the class path), against a {@code java -jar} node:
 * its publication and its direct message arrive, and it prints no Hazelcast banner or warning.
 */
@Tag("slow")
class JvmExampleIT {
  static final Path EXAMPLE = Path.of("examples", "jvm", "Backend.java");
  /** The example joins the cluster named "switchboard": a secret of its own keeps it apart from any other. */
  static final String SECRET = "jvm-example-" + UUID.randomUUID();
  static final int HAZELCAST_PORT = 16960;

  @RegisterExtension
  static final NodeProcesses processes = new NodeProcesses();

  @Test
  void theReadmeShowsTheExampleAsItIs() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    assertTrue(readme.contains("```java\n" + Files.readString(EXAMPLE) + "```"), "README.md quotes " + EXAMPLE + " whole");
  }

  @Test
  void theExampleCompilesRunsAndIsHeardQuietly() throws Exception {
    NodeProcess node = NodeProcess.start("jvm-example-node", Map.of("SWITCHBOARD_JWT_SECRET", SECRET,
        "SWITCHBOARD_CLUSTER_PORT", Integer.toString(HAZELCAST_PORT),
        "SWITCHBOARD_CLUSTER_MEMBERS", "127.0.0.1:" + HAZELCAST_PORT), "--set", "cluster.waitBeforeJoin=0");
    processes.nodes.put("node", node);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> node.status("/health/ready") == 200);
    processes.startClients(SECRET);
    try (TestClient alice = TestClient.connect(processes.client(), node.httpPort,
        processes.minter().mint("alice", Duration.ofMinutes(5), Map.of()))) {
      alice.subscribe("orders");
      ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", Path.of("target", "switchboard.jar").toString(), EXAMPLE.toString(), "127.0.0.1:" + HAZELCAST_PORT))
          .redirectErrorStream(true);
      pb.environment().put("SWITCHBOARD_JWT_SECRET", SECRET);
      Process example = pb.start();
      assertTrue(example.waitFor(120, TimeUnit.SECONDS), "the example finished");
      String output = new String(example.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, example.exitValue(), output);
      assertTrue(output.contains("published {}"), output);
      assertTrue(output.contains("sent a direct message to alice"), output);
      assertFalse(output.contains("WARNING"), "no warnings: " + output);
      assertFalse(output.contains("hazelcast.com") || output.contains("o  o"), "no Hazelcast banner: " + output);
      JsonObject published = alice.next("message");
      assertEquals(new JsonObject().put("id", 42), published.getJsonObject("content"));
      assertEquals("billing", published.getString("sender"));
      assertEquals("your invoice is ready", alice.next("direct").getString("content"));
    }
  }
}
