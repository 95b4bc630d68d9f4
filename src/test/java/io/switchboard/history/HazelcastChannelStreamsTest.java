package io.switchboard.history;

import io.switchboard.cluster.HazelcastConfigs;
import io.switchboard.testing.OneMemberCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The cluster's streams against the shared contract, on a one-member Hazelcast cluster of its own
 * configured as a node's (the history map in OBJECT format with one backup).
 */
class HazelcastChannelStreamsTest extends ChannelStreamsContract {
  private static OneMemberCluster cluster;

  @BeforeAll
  static void startHazelcast() {
    cluster = OneMemberCluster.start("history");
  }

  @AfterAll
  static void stopHazelcast() {
    cluster.close();
  }

  @Override
  protected ChannelStreams createStreams() {
    return new HazelcastChannelStreams(cluster.vertx, cluster.hazelcast, HazelcastConfigs.HISTORY_MAP);
  }
}
