package io.switchboard.testing;

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

/**
 * A Hazelcast cluster of one member, configured as a node's (its maps, formats and backups), with
 * a Vert.x for the callers' contexts: what the distributed stores' contract tests run against.
 */
public final class OneMemberCluster implements AutoCloseable {
  public final HazelcastInstance hazelcast;
  public final Vertx vertx;

  private OneMemberCluster(HazelcastInstance hazelcast, Vertx vertx) {
    this.hazelcast = hazelcast;
    this.vertx = vertx;
  }

  /** Starts a member of a cluster named after {@code purpose} and a random id. */
  public static OneMemberCluster start(String purpose) {
    SwitchboardConfig config = SwitchboardConfig.fromJson(ConfigLoader.load(null, Map.of(), List.of(
        "auth.jwt.secret=contract-test-secret-contract-test-secret-0", "cluster.name=" + purpose + "-" + UUID.randomUUID(),
        "cluster.members=[]", "cluster.waitBeforeJoin=0")));
    return new OneMemberCluster(
        Hazelcast.newHazelcastInstance(HazelcastConfigs.fromOptions(config.cluster(), KeyFingerprint.NONE)), Vertx.vertx());
  }

  @Override
  public void close() {
    vertx.close().await();
    hazelcast.shutdown();
  }
}
