package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.presence.StrayEntryForTests;
import io.switchboard.testing.RunningCluster;
import io.switchboard.testing.TestClient;
import io.switchboard.testing.TestCluster;
import io.switchboard.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operation retried during a partition migration can land after the removal it preceded and
 * leave a stray entry. Each node sweeps its own strays when a migration round ends, without
 * waiting for its periodic sweep (here an hour away).
 */
class MigrationSweepEndToEndTest {
  @RegisterExtension
  static final RunningCluster running = new RunningCluster(16001, 2, "heartbeat.interval=1h");

  @Test
  void aStrayIsSweptWhenTheNextMigrationEnds() {
    try (TestClient bob = running.connect(0, "bob")) {
      bob.subscribe("migrating");
      bob.until(f -> "presence".equals(f.getString("type")) && f.getJsonArray("users").size() == 1);
      TestNode first = running.node(0);
      TestCluster.hazelcast(first).<String, LinkedHashMap<String, HashSet<String>>>getMap(HazelcastConfigs.PRESENCE_MAP)
          .executeOnKey("migrating", new StrayEntryForTests("ghost", first.node.id() + "/999999"));
      bob.send(new JsonObject().put("type", "presence").put("channel", "migrating").put("ref", "with-ghost"));
      assertEquals(2, bob.until(f -> "with-ghost".equals(f.getValue("ref"))).getJsonArray("users").size());

      TestNode third = running.cluster().startNode("heartbeat.interval=1h"); // its arrival moves partitions
      try {
        JsonObject after = bob.until(f -> "presence".equals(f.getString("type")) && f.getValue("ref") == null
            && f.getJsonArray("users").size() == 1);
        assertEquals("bob", after.getJsonArray("users").getString(0));
      } finally {
        third.close();
      }
    }
  }
}
