package io.switchboard.testing;


/**
 * A JUnit extension for cluster test classes: a {@link TestCluster} of real nodes, settled (no
 * partition migrating), and one WebSocket client, for the whole class.
 */
public final class RunningCluster extends WithTestClient {
  private final int basePort;
  private final int size;
  private final String[] overrides;
  private TestCluster cluster;

  /**
   * @param basePort the first Hazelcast port; no two test classes share a range
   * @param overrides {@code path=value} options for every node
   */
  public RunningCluster(int basePort, int size, String... overrides) {
    this.basePort = basePort;
    this.size = size;
    this.overrides = overrides;
  }

  @Override
  protected void startServer() {
    cluster = TestCluster.start(basePort, size, overrides);
  }

  @Override
  protected void stopServer() {
    if (cluster != null) {
      cluster.close();
    }
  }

  public TestCluster cluster() {
    return cluster;
  }

  public TestNode node(int i) {
    return cluster.node(i);
  }

  /** Connects {@code user} to node {@code i}. */
  public TestClient connect(int i, String user) {
    TestNode n = cluster.node(i);
    return TestClient.connect(client(), n.port(), n.token(user));
  }
}
