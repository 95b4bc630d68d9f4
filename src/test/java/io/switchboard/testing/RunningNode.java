package io.switchboard.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension for end-to-end test classes: one real node (see {@link TestNode}) and one
 * WebSocket client for the whole class, both closed after it.
 *
 * <pre>{@code @RegisterExtension static final RunningNode node = new RunningNode("limits.messagesPerSecond=5");}</pre>
 */
public final class RunningNode implements BeforeAllCallback, AfterAllCallback {
  private final String[] overrides;
  private TestNode node;
  private Vertx vertx;
  private WebSocketClient client;

  /** @param overrides {@code path=value} options over the test defaults */
  public RunningNode(String... overrides) {
    this.overrides = overrides;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    node = TestNode.start(overrides);
    vertx = Vertx.vertx();
    client = TestClient.client(vertx);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      vertx.close().await();
    } finally {
      node.close();
    }
  }

  public int port() {
    return node.port();
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

  /** The class's WebSocket client (it may hold thousands of connections). */
  public WebSocketClient client() {
    return client;
  }

  /** The client side's Vert.x. */
  public Vertx vertx() {
    return vertx;
  }

  /** Connects {@code user} with a token in the query string. */
  public TestClient connect(String user) {
    return TestClient.connect(client, node.port(), node.token(user));
  }
}
