package io.switchboard.presence;

import io.switchboard.cluster.HazelcastConfigs;
import io.switchboard.testing.OneMemberCluster;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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

  @Override
  protected PresenceStore createStore() {
    return new HazelcastPresenceStore(cluster.vertx, cluster.hazelcast, HazelcastConfigs.PRESENCE_MAP + "-" + UUID.randomUUID());
  }
}
