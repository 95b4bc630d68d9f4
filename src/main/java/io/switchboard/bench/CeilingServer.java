package io.switchboard.bench;

import io.switchboard.cluster.ClusterConfig;
import io.switchboard.cluster.HazelcastConfigs;
import io.switchboard.cluster.KeyFingerprint;
import io.switchboard.cluster.MemberTls;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ceiling: the least a Vert.x server can do for the Switchboard protocol (no auth check, no
 * presence, no limits, one channel index per event loop, native epoll transport when available).
 * Its figures bound what the gateway can reach on the same machine. Given a cluster name, several
 * ceilings form a Hazelcast cluster of their own (loopback, ports from {@link #CLUSTER_PORT}) and
 * pass every publication to the others over the clustered event bus: the least a Vert.x cluster
 * can do for {@code cross-node}.
 */
public final class CeilingServer implements AutoCloseable {

  /** First Hazelcast port of a ceiling cluster (apart from the gateway's 5701 and up). */
  static final int CLUSTER_PORT = 5801;

  private final Vertx vertx;
  private final int instances;

  private CeilingServer(Vertx vertx, int instances) {
    this.vertx = vertx;
    this.instances = instances;
  }

  /**
   * Starts the server and waits until it listens. Call from a plain thread.
   *
   * @param instances event loops (and verticles); 0 means one per core
   * @param cluster the ceiling cluster to join or form (Hazelcast on loopback), or null for none
   */
  public static CeilingServer start(String host, int port, int instances, String cluster) {
    int n = Math.min(64, instances > 0 ? instances : Runtime.getRuntime().availableProcessors());
    VertxOptions options = new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(n);
    Vertx vertx;
    HazelcastClusterManager manager = null;
    if (cluster == null) {
      vertx = Vertx.builder().with(options).build();
    } else {
      List<String> members = new ArrayList<>();
      for (int p = CLUSTER_PORT; p < CLUSTER_PORT + 4; p++) {
        members.add("127.0.0.1:" + p);
      }
      Duration second = Duration.ofSeconds(1);
      // the ceiling verifies no tokens: its processes share the no-key fingerprint
      manager = new HazelcastClusterManager(HazelcastConfigs.fromOptions(new ClusterConfig(
          cluster, "127.0.0.1", CLUSTER_PORT, 0, MemberTls.OFF, members, "", "", second, Duration.ofSeconds(5), Duration.ZERO),
          KeyFingerprint.NONE));
      options.setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0));
      vertx = Vertx.builder().with(options).withClusterManager(manager).buildClustered().await();
    }
    HazelcastClusterManager clustered = manager;
    vertx.eventBus().registerDefaultCodec(CeilingVerticle.Fanout.class, new CeilingVerticle.FanoutCodec());
    CeilingVerticle.Counters counters = new CeilingVerticle.Counters();
    AtomicInteger ids = new AtomicInteger();
    boolean crossLoop = n > 1;
    try {
      if (clustered != null) {
        counters.members = () -> clustered.getNodes().size();
      }
      String nodeId = clustered == null ? null : clustered.getNodeId();
      vertx.deployVerticle(() -> new CeilingVerticle(counters, host, port, ids.getAndIncrement(), crossLoop, nodeId),
          new DeploymentOptions().setInstances(n)).await();
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
    return new CeilingServer(vertx, n);
  }

  /** True when the epoll transport is in use. */
  public boolean nativeTransport() {
    return vertx.isNativeTransportEnabled();
  }

  /** Number of event loops serving. */
  public int instances() {
    return instances;
  }

  /** Stops the server. */
  @Override
  public void close() {
    Future<Void> f = vertx.close();
    f.await();
  }
}
