package io.switchboard.bench;

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
 * A backend as the README tells one to join: a clustered Vert.x whose Hazelcast member is a lite
 * member (it holds no data), in the cluster of the nodes whose token key is the given secret.
 */
public final class BenchBackend {
  private BenchBackend() {}

  /** A joined backend: its Vert.x, and its Hazelcast member. */
  public record Joined(Vertx vertx, HazelcastClusterManager member) {}

  /**
   * Joins cluster {@code cluster} (its configured name, before the key's fingerprint) of nodes
   * listed in {@code members}, with this member's Hazelcast port {@code port}; blocks up to 60 s.
   */
  public static Joined join(String secret, String cluster, int port, String members) throws Exception {
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
    return new Joined(vertx, member);
  }
}
