package io.switchboard.testing;

import io.switchboard.cluster.HazelcastConfigs;
import io.switchboard.cluster.KeyFingerprint;
import io.switchboard.ops.ConfigLoader;
import io.switchboard.ops.SwitchboardConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM backend service of a test's {@link NodeProcess} cluster: a plain clustered Vert.x whose
 * Hazelcast member is a lite member (it holds no data), joined as the README tells backends to.
 */
public record LiteBackend(Vertx vertx, HazelcastClusterManager member) implements AutoCloseable {

  /** Joins cluster {@code cluster} of nodes whose token key is {@code secret}, on Hazelcast port {@code port}. */
  public static LiteBackend join(String secret, String cluster, int port, String members) throws Exception {
    SwitchboardConfig config = SwitchboardConfig.fromJson(ConfigLoader.load(null, Map.of(), List.of(
        "auth.jwt.secret=" + secret, "cluster.name=" + cluster, "cluster.port=" + port,
        "cluster.members=[" + members + "]", "cluster.waitBeforeJoin=0")));
    com.hazelcast.config.Config hazelcast =
        HazelcastConfigs.build(config.cluster(), KeyFingerprint.of(config.auth())).setLiteMember(true);
    HazelcastClusterManager member = new HazelcastClusterManager(hazelcast);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)))
        .withClusterManager(member)
        .buildClustered()
        .await(60, TimeUnit.SECONDS);
    return new LiteBackend(vertx, member);
  }

  /** Whether every partition has its replicas in place (no migration running). */
  public boolean clusterSafe() {
    return member.getHazelcastInstance().getPartitionService().isClusterSafe();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }
}
