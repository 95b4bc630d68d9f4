package io.switchboard.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.NodeProcess;
import io.switchboard.testing.NodeProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The jar as a user runs it: its version is the pom's, and a node it starts logs no module warning. */
@Tag("slow")
class JarIT {
  @RegisterExtension
  static final NodeProcesses processes = new NodeProcesses();

  @Test
  void versionIsThePomsVersion() throws Exception {
    Matcher m = Pattern.compile("<artifactId>switchboard</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(Path.of("pom.xml")));
    assertTrue(m.find());
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", "target/switchboard.jar", "--version").redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals("Switchboard " + m.group(1), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
  }

  @Test
  void aNodeStartsWithoutHazelcastsModuleWarning() throws Exception {
    NodeProcess node = NodeProcess.start("jar-it", Map.of("SWITCHBOARD_JWT_SECRET", "jar-it-" + UUID.randomUUID(),
        "SWITCHBOARD_CLUSTER_PORT", "16970", "SWITCHBOARD_CLUSTER_MEMBERS", "127.0.0.1:16970"),
        "--set", "cluster.waitBeforeJoin=0");
    processes.nodes.put("jar-it", node);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> node.status("/health/ready") == 200);
    List<String> log = Files.readAllLines(Path.of("target", "it-logs", "jar-it.log"));
    assertFalse(log.stream().anyMatch(l -> l.contains("modular environment")), String.join("\n", log));
    assertFalse(log.stream().anyMatch(l -> l.contains("CP Subsystem")), String.join("\n", log));
  }
}
