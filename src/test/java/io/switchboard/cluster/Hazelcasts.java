package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.testing.TestNode;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Reaches a test node's Hazelcast member, to make it vanish without a goodbye. */
final class Hazelcasts {
  private Hazelcasts() {}

  static HazelcastInstance of(TestNode node) {
    return ((HazelcastClusterManager) ((VertxInternal) node.node.vertx()).clusterManager()).getHazelcastInstance();
  }
}
