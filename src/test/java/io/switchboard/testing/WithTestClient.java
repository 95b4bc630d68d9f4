package io.switchboard.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The part every class-wide server extension shares: the server (started by the subclass) and one
 * WebSocket client on its own Vert.x for the whole class; the client goes first, then the server.
 */
abstract class WithTestClient implements BeforeAllCallback, AfterAllCallback {
  private Vertx vertx;
  private WebSocketClient client;

  /** Starts what the class tests. */
  protected abstract void startServer();

  /** Stops it. */
  protected abstract void stopServer();

  @Override
  public final void beforeAll(ExtensionContext context) {
    startServer();
    vertx = Vertx.vertx();
    client = TestClient.client(vertx);
  }

  @Override
  public final void afterAll(ExtensionContext context) {
    try {
      if (vertx != null) {
        vertx.close().await();
      }
    } finally {
      stopServer();
    }
  }

  /** The class's WebSocket client (it may hold thousands of connections). */
  public WebSocketClient client() {
    return client;
  }

  /** The client side's Vert.x. */
  public Vertx vertx() {
    return vertx;
  }
}
