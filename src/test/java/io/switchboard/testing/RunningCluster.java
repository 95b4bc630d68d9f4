package io.switchboard.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension for cluster test classes: a {@link TestCluster} of real nodes, settled (no
 * partition migrating), and one WebSocket client, for the whole class.
 */
public final class RunningCluster implements BeforeAllCallback, AfterAllCallback {
  private final int basePort;
  private final int size;
  private final String[] overrides;
  private TestCluster cluster;
  private Vertx vertx;
  private WebSocketClient client;

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
  public void beforeAll(ExtensionContext context) {
    cluster = TestCluster.start(basePort, size, overrides);
    vertx = Vertx.vertx();
    client = TestClient.client(vertx);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      vertx.close().await();
    } finally {
      cluster.close();
    }
  }

  public TestCluster cluster() {
    return cluster;
  }

  public TestNode node(int i) {
    return cluster.node(i);
  }

  public WebSocketClient client() {
    return client;
  }

  /** Connects {@code user} to node {@code i}. */
  public TestClient connect(int i, String user) {
    TestNode n = cluster.node(i);
    return TestClient.connect(client, n.port(), n.token(user));
  }
}
