package io.switchboard.backend;

import io.switchboard.cluster.HazelcastConfigs;
import io.switchboard.cluster.KeyFingerprint;
import io.switchboard.cluster.MemberEventBus;
import io.switchboard.ops.ConfigLoader;
import io.switchboard.ops.SwitchboardConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A JVM backend joined to the nodes' cluster: a clustered Vert.x whose Hazelcast member is a lite
 * member (it holds no data, so it can come and go without moving any), in the cluster of the nodes
 * whose token key is the given secret (the cluster's name carries the key's fingerprint; no
 * secret: the dev-mode cluster). Its event bus is the nodes': {@code switchboard.publish},
 * {@code switchboard.direct}, {@code switchboard.events} and the rest of the README's contract.
 *
 * <p>Quiet: Hazelcast logs only warnings, and not the two that every start prints (the missing
 * {@code --add-opens}, which only costs some of its speed, and the disabled CP subsystem, which
 * Switchboard does not use).
 *
 * @param vertx the backend's clustered Vert.x
 * @param member its Hazelcast member
 */
public record BackendMember(Vertx vertx, HazelcastClusterManager member) implements AutoCloseable {
  /** Held: JUL keeps loggers weakly, and a collected logger forgets its level. */
  private static final List<Logger> QUIETED = List.of(Logger.getLogger("com.hazelcast"),
      Logger.getLogger("com.hazelcast.instance.impl.HazelcastInstanceFactory"),
      Logger.getLogger("com.hazelcast.cp.CPSubsystem"));

  /**
   * Joins; blocks (at most 60 s), so call it from a plain thread, not an event loop.
   *
   * @param secret the nodes' HS256 secret ({@code SWITCHBOARD_JWT_SECRET}); null or empty for a
   *     dev-mode cluster
   * @param cluster the nodes' {@code cluster.name} (without the fingerprint), usually "switchboard"
   * @param port this member's first Hazelcast port (the next free one is taken if it is in use)
   * @param members the nodes' Hazelcast addresses, {@code host:port,host:port}
   */
  public static BackendMember join(String secret, String cluster, int port, String members) throws Exception {
    return join(secret, cluster, port, members, List.of());
  }

  /**
   * Joins as above, with more of the nodes' cluster options as {@code path=value}, as after the
   * node's {@code --set}: {@code cluster.tls.certPath=...}, {@code keyPath} and {@code caPath} when
   * the members speak TLS to each other, {@code cluster.host=10.0.0.5} on another machine.
   */
  public static BackendMember join(String secret, String cluster, int port, String members, List<String> settings)
      throws Exception {
    QUIETED.get(0).setLevel(Level.WARNING);
    QUIETED.get(1).setLevel(Level.SEVERE);
    QUIETED.get(2).setLevel(Level.SEVERE);
    List<String> all = new ArrayList<>(List.of(
        "auth.jwt.secret=" + (secret == null ? "" : secret), "cluster.name=" + cluster, "cluster.port=" + port,
        "cluster.members=[" + members + "]", "cluster.waitBeforeJoin=0"));
    all.addAll(settings);
    SwitchboardConfig config = SwitchboardConfig.fromJson(ConfigLoader.load(null, Map.of(), all));
    com.hazelcast.config.Config hazelcast =
        HazelcastConfigs.build(config.cluster(), KeyFingerprint.of(config.auth())).setLiteMember(true);
    HazelcastClusterManager member = new HazelcastClusterManager(hazelcast);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(MemberEventBus.options(config.cluster())))
        .withClusterManager(member)
        .buildClustered()
        .await(60, TimeUnit.SECONDS);
    return new BackendMember(vertx, member);
  }

  /** Leaves the cluster; blocks at most 20 s. */
  @Override
  public void close() throws TimeoutException {
    vertx.close().await(20, TimeUnit.SECONDS);
  }
}
