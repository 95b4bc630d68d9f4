package io.switchboard.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.TestCluster;
import io.switchboard.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Nodes of one cluster name that list each other but verify tokens with different keys, or with
 * none (dev mode), never form one cluster: the Hazelcast cluster name carries the key's
 * fingerprint, and Hazelcast refuses a member of another name. Dev-mode nodes still find each other.
 */
class StrangersEndToEndTest {
  private static final String OTHER_SECRET = "another-secret-another-secret-another-0123";
  /** Held here: a logger only weakly referenced may be collected with its handler. */
  private static final Logger HAZELCAST = Logger.getLogger("com.hazelcast");
  private static final Logger CONFIGS = Logger.getLogger(HazelcastConfigs.class.getName());

  @Test
  void nodesWithDifferentKeysOrWithoutAKeyStayApart() {
    String name = "strangers-" + UUID.randomUUID();
    String members = "cluster.members=[127.0.0.1:17201, 127.0.0.1:17202, 127.0.0.1:17203, 127.0.0.1:17204]";
    List<String> log = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        log.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    HAZELCAST.addHandler(capture);
    CONFIGS.addHandler(capture);
    try (TestNode keyed = TestNode.startInCluster(name, new JsonObject(), "cluster.port=17201", members);
         TestNode otherKey = TestNode.startInCluster(name, new JsonObject(), "cluster.port=17202", members,
             "auth.jwt.secret=" + OTHER_SECRET);
         TestNode dev = TestNode.startDevMode(name, "cluster.port=17203", members);
         TestNode otherDev = TestNode.startDevMode(name, "cluster.port=17204", members)) {
      String fingerprint = KeyFingerprint.of(keyed.config.auth()).label();
      assertEquals(name + "-" + fingerprint, TestCluster.hazelcast(keyed).getConfig().getClusterName());
      assertEquals(name + "-dev", TestCluster.hazelcast(dev).getConfig().getClusterName());
      await().atMost(Duration.ofSeconds(30)).until(() -> members(dev) == 2 && members(otherDev) == 2);

      // each later node asked the earlier ones at start and was refused, as Hazelcast says
      assertTrue(log.stream().anyMatch(m -> m.contains("the target cluster has a different cluster-name")),
          log::toString);
      assertTrue(log.stream().anyMatch(m -> m.contains("key fingerprint " + fingerprint + " (only nodes with")));
      assertTrue(log.stream().anyMatch(m -> m.contains("dev mode: joins only other dev-mode nodes")));
      // clusters formed apart are merged by a check 5 s after start and every 5 s: one must have run
      await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(9)).until(() ->
          members(keyed) == 1 && members(otherKey) == 1 && members(dev) == 2 && members(otherDev) == 2);
    } finally {
      HAZELCAST.removeHandler(capture);
      CONFIGS.removeHandler(capture);
    }
  }

  private static int members(TestNode node) {
    return TestCluster.hazelcast(node).getCluster().getMembers().size();
  }
}
