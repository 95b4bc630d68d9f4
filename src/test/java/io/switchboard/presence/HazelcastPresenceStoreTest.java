package io.switchboard.presence;

import io.switchboard.cluster.HazelcastConfigs;
import io.switchboard.testing.OneMemberCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster's presence store against the shared contract, on a one-member Hazelcast cluster of
 * its own (a fresh map per test).
 */
class HazelcastPresenceStoreTest extends PresenceStoreContract {
  private static OneMemberCluster cluster;

  @BeforeAll
  static void startHazelcast() {
    cluster = OneMemberCluster.start("presence");
  }

  @AfterAll
  static void stopHazelcast() {
    cluster.close();
  }

  private String mapName;

  @Override
  protected PresenceStore createStore() {
    mapName = HazelcastConfigs.PRESENCE_MAP + "-" + UUID.randomUUID();
    return new HazelcastPresenceStore(cluster.vertx, cluster.hazelcast, mapName);
  }

  /** What the cluster lost comes back with one renewal per channel, its users reported as joins. */
  @Test
  void aRenewalPutsBackWhatTheClusterLostAndReportsTheJoins() {
    await(store.add("room", "alice", "n1/1"));
    await(store.add("room", "alice", "n1/2"));
    await(store.add("room", "bob", "n1/3"));
    await(store.add("hall", "carol", "n1/4"));
    cluster.hazelcast.getMap(mapName).clear();
    Map<String, List<String>> joined = await(store.renewLocal());
    assertEquals(Map.of("room", List.of("alice", "bob"), "hall", List.of("carol")), joined);
    assertEquals(List.of("alice", "bob"), await(store.users("room")));
    assertEquals(false, await(store.remove("room", "alice", "n1/1")), "both of alice's connections came back");
    assertEquals(Map.of(), await(store.renewLocal()), "nothing lost since");
  }

  /** A stray in a channel this node released lately is swept; the whole map is never read. */
  @Test
  void aStrayInAChannelThisNodeReleasedIsSwept() {
    await(store.add("gone", "dave", "n1/5"));
    await(store.remove("gone", "dave", "n1/5"));
    // the add, retried by the cluster, lands after the remove
    cluster.hazelcast.<String, java.util.LinkedHashMap<String, java.util.HashSet<String>>>getMap(mapName)
        .executeOnKey("gone", new StrayEntryForTests("dave", "n1/5"));
    assertEquals(Map.of("gone", List.of("dave")), await(store.dropStrays("n1")));
    assertEquals(List.of(), await(store.users("gone")));
  }
}
