package io.switchboard.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.testing.TestClient;
import io.switchboard.testing.TestCluster;
import io.switchboard.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Presence entries are leases that each node renews once per heartbeat interval, one operation per
 * channel it holds: entries the cluster lost (two members gone before re-replication, or a
 * partition table lost with a master) come back within one heartbeat interval, announced as joins,
 * and are not counted twice.
 */
class PresenceLeaseEndToEndTest {
  @Test
  void strayEntriesOfThisNodeThatNoSessionHoldsAreRemoved() {
    Vertx vertx = Vertx.vertx();
    try (TestNode node = TestNode.start("heartbeat.interval=500ms")) {
      WebSocketClient client = TestClient.client(vertx);
      try (TestClient bob = TestClient.connect(client, node.port(), node.token("bob"))) {
        bob.subscribe("strays");
        bob.until(f -> "presence".equals(f.getString("type")) && f.getJsonArray("users").size() == 1);
        // an entry in this node's name that no session holds, as a reordered operation leaves it
        TestCluster.hazelcast(node).<String, java.util.LinkedHashMap<String, java.util.HashSet<String>>>getMap(HazelcastConfigs.PRESENCE_MAP)
            .executeOnKey("strays", new io.switchboard.presence.StrayEntryForTests("ghost", node.node.id() + "/999999"));
        bob.send(new JsonObject().put("type", "presence").put("channel", "strays").put("ref", "with-ghost"));
        assertEquals(2, bob.until(f -> "with-ghost".equals(f.getValue("ref"))).getJsonArray("users").size());

        JsonObject after = bob.until(f -> "presence".equals(f.getString("type")) && f.getValue("ref") == null
            && f.getJsonArray("users").size() == 1);
        assertEquals("bob", after.getJsonArray("users").getString(0), "the ghost left, bob stayed");
      }
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void lostPresenceEntriesComeBackWithTheNextHeartbeat() {
    Vertx vertx = Vertx.vertx();
    try (TestNode node = TestNode.start("heartbeat.interval=500ms")) {
      WebSocketClient client = TestClient.client(vertx);
      try (TestClient alice = TestClient.connect(client, node.port(), node.token("alice"));
           TestClient bob = TestClient.connect(client, node.port(), node.token("bob"))) {
        alice.subscribe("lease");
        bob.subscribe("lease");
        bob.until(f -> "presence".equals(f.getString("type")) && f.getJsonArray("users").size() == 2);
        assertEquals(2L, node.stats().getLong("presenceEntries"));

        TestCluster.hazelcast(node).getMap(HazelcastConfigs.PRESENCE_MAP).clear(); // the cluster lost them

        // the renewals announce both users again (as joins into an empty channel: a full list)
        JsonObject back = bob.until(f -> "presence".equals(f.getString("type")) && f.getJsonArray("users").size() == 2);
        assertEquals(java.util.Set.of("alice", "bob"), back.getJsonArray("users").stream().collect(java.util.stream.Collectors.toSet()));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
          bob.send(new JsonObject().put("type", "presence").put("channel", "lease").put("ref", "q"));
          JsonObject reply = bob.until(f -> "q".equals(f.getValue("ref")));
          assertEquals(2, reply.getJsonArray("users").size());
        });
        assertEquals(2L, node.stats().getLong("presenceEntries"), "renewals do not count twice");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> node.stats().getLong("presenceEntries") == 0);
    } finally {
      vertx.close().await();
    }
  }
}
