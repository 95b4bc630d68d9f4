package io.switchboard.testing;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Several real nodes of one cluster in this JVM, on loopback, with a cluster name no other test
 * uses and Hazelcast ports from {@code basePort} on, each member listed on its own.
 */
public final class TestCluster implements AutoCloseable {
  public final String name = "cluster-test-" + UUID.randomUUID();
  public final List<TestNode> nodes = new ArrayList<>();
  private final int basePort;
  private final int size;

  private TestCluster(int basePort, int size) {
    this.basePort = basePort;
    this.size = size;
  }

  /** Starts {@code size} nodes one after the other, each joining the ones before. */
  public static TestCluster start(int basePort, int size, String... overrides) {
    TestCluster cluster = new TestCluster(basePort, size);
    for (int i = 0; i < size; i++) {
      cluster.nodes.add(cluster.startNode(overrides));
    }
    cluster.awaitSafe();
    return cluster;
  }

  /**
   * Waits until no partition is migrating. An operation that arrives during a migration may be
   * retried and land after a later one (the nodes' stray sweep repairs that within a heartbeat
   * interval); tests that check exact presence start from a settled cluster.
   */
  public void awaitSafe() {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
        nodes.stream().allMatch(n -> hazelcast(n).getPartitionService().isClusterSafe()));
  }

  /** A node's Hazelcast member. */
  public static com.hazelcast.core.HazelcastInstance hazelcast(TestNode node) {
    return ((io.vertx.spi.cluster.hazelcast.HazelcastClusterManager)
        ((io.vertx.core.internal.VertxInternal) node.node.vertx()).clusterManager()).getHazelcastInstance();
  }

  /** The option list every member of this cluster is started with. */
  public List<String> clusterOptions() {
    StringJoiner members = new StringJoiner(", ", "[", "]");
    for (int i = 0; i < size + 2; i++) {
      members.add("127.0.0.1:" + (basePort + i));
    }
    return List.of("cluster.port=" + basePort, "cluster.members=" + members);
  }

  /** Starts one more node in this cluster. */
  public TestNode startNode(String... overrides) {
    List<String> all = new ArrayList<>(clusterOptions());
    all.addAll(List.of(overrides));
    return TestNode.startInCluster(name, new JsonObject(), all.toArray(new String[0]));
  }

  /** Starts one more node in this cluster, its history calls going through {@code streams}. */
  public TestNode startNode(java.util.function.UnaryOperator<io.switchboard.history.ChannelStreams> streams,
      String... overrides) {
    List<String> all = new ArrayList<>(clusterOptions());
    all.addAll(List.of(overrides));
    return TestNode.startInCluster(name, streams, all.toArray(new String[0]));
  }

  public TestNode node(int i) {
    return nodes.get(i);
  }

  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      try {
        nodes.get(i).close();
      } catch (RuntimeException e) {
        // a node a test already stopped or killed
      }
    }
  }
}
