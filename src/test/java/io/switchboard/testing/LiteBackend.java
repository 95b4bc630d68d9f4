package io.switchboard.testing;

import io.switchboard.backend.BackendMember;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JVM backend service of a test's {@link NodeProcess} cluster: a plain clustered Vert.x whose
 * Hazelcast member is a lite member (it holds no data), joined as the README tells backends to.
 */
public record LiteBackend(Vertx vertx, HazelcastClusterManager member) implements AutoCloseable {

  /** Joins cluster {@code cluster} of nodes whose token key is {@code secret}, on Hazelcast port {@code port}. */
  public static LiteBackend join(String secret, String cluster, int port, String members) throws Exception {
    BackendMember joined = BackendMember.join(secret, cluster, port, members);
    return new LiteBackend(joined.vertx(), joined.member());
  }

  /** Whether every partition has its replicas in place (no migration running). */
  public boolean clusterSafe() {
    return member.getHazelcastInstance().getPartitionService().isClusterSafe();
  }

  @Override
  public void close() throws TimeoutException {
    vertx.close().await(20, TimeUnit.SECONDS);
  }
}
