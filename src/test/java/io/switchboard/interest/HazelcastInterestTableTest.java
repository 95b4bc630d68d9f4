package io.switchboard.interest;

import io.switchboard.cluster.HazelcastConfigs;
import io.switchboard.testing.OneMemberCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cluster's table against the shared contract, on a one-member cluster configured as a node's. */
class HazelcastInterestTableTest extends InterestTableContract {
  private static OneMemberCluster cluster;

  @BeforeAll
  static void startHazelcast() {
    cluster = OneMemberCluster.start("interest");
  }

  @AfterAll
  static void stopHazelcast() {
    cluster.close();
  }

  @Override
  protected InterestTable createTable() {
    return new HazelcastInterestTable(cluster.vertx, cluster.hazelcast, HazelcastConfigs.ROUTES_MAP);
  }
}
