package io.switchboard.presence;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.cluster.HazelcastConfigs;
import io.switchboard.cluster.KeyFingerprint;
import io.switchboard.ops.ConfigLoader;
import io.switchboard.ops.SwitchboardConfig;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The cluster's presence store against the shared contract, on a one-member Hazelcast cluster of
 * its own (a fresh map per test).
 */
class HazelcastPresenceStoreTest extends PresenceStoreContract {
  private static Vertx vertx;
  private static HazelcastInstance hazelcast;

  @BeforeAll
  static void startHazelcast() {
    SwitchboardConfig config = SwitchboardConfig.fromJson(ConfigLoader.load(null, Map.of(), List.of(
        "auth.jwt.secret=contract-test-secret-contract-test-secret-0", "cluster.name=presence-" + UUID.randomUUID(),
        "cluster.members=[]", "cluster.waitBeforeJoin=0")));
    hazelcast = Hazelcast.newHazelcastInstance(HazelcastConfigs.fromOptions(config.cluster(), KeyFingerprint.NONE));
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopHazelcast() {
    vertx.close().await();
    hazelcast.shutdown();
  }

  @Override
  protected PresenceStore createStore() {
    return new HazelcastPresenceStore(vertx, hazelcast, HazelcastConfigs.PRESENCE_MAP + "-" + UUID.randomUUID());
  }
}
