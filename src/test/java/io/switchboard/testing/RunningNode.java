package io.switchboard.testing;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;

/**
 * A JUnit extension for end-to-end test classes: one real node (see {@link TestNode}) and one
 * WebSocket client for the whole class, both closed after it.
 *
 * <pre>{@code @RegisterExtension static final RunningNode node = new RunningNode("limits.messagesPerSecond=5");}</pre>
 */
public final class RunningNode extends WithTestClient {
  private final String[] overrides;
  private TestNode node;

  /** @param overrides {@code path=value} options over the test defaults */
  public RunningNode(String... overrides) {
    this.overrides = overrides;
  }

  @Override
  protected void startServer() {
    node = TestNode.start(overrides);
  }

  @Override
  protected void stopServer() {
    if (node != null) {
      node.close();
    }
  }

  public int port() {
    return node.port();
  }

  /** The TCP event-bus bridge's port (-1 when off). */
  public int tcpBridgePort() {
    return node.node.tcpBridgePort();
  }

  /** The node under test. */
  public TestNode node() {
    return node;
  }

  /** The API listener's port (/api, /metrics, /stats). */
  public int apiPort() {
    return node.apiPort();
  }

  public String token(String user) {
    return node.token(user);
  }

  public String token(String user, Duration ttl, Map<String, Object> claims) {
    return node.token(user, ttl, claims);
  }

  public JsonObject stats() {
    return node.stats();
  }

  /** Connects {@code user} with a token in the query string. */
  public TestClient connect(String user) {
    return TestClient.connect(client(), node.port(), node.token(user));
  }
}
