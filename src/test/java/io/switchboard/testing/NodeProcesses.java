package io.switchboard.testing;

import io.switchboard.auth.AuthConfig;
import io.switchboard.auth.TokenMinter;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * What a test class of {@link NodeProcess} nodes holds, as a JUnit extension
 * ({@code @RegisterExtension static final}): the nodes by name, a {@link LiteBackend}, and a
 * WebSocket client with a token minter; all stopped after the class. A failed test leaves the live
 * nodes' threads in {@code target/it-logs} beside their logs.
 */
public final class NodeProcesses implements TestWatcher, AfterAllCallback {
  public final Map<String, NodeProcess> nodes = new HashMap<>();
  private LiteBackend backend;
  private Vertx clientVertx;
  private WebSocketClient client;
  private TokenMinter minter;

  /** Joins a backend to the nodes' cluster; it is closed with them. */
  public LiteBackend joinBackend(String secret, String cluster, int port, String members) throws Exception {
    backend = LiteBackend.join(secret, cluster, port, members);
    return backend;
  }

  /** Makes the client side: a Vert.x of its own, a WebSocket client, tokens signed with {@code secret}. */
  public void startClients(String secret) {
    clientVertx = Vertx.vertx();
    client = TestClient.client(clientVertx);
    minter = TokenMinter.create(clientVertx, AuthConfig.defaults().withSecret(secret));
  }

  public WebSocketClient client() {
    return client;
  }

  public TokenMinter minter() {
    return minter;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    nodes.values().forEach(NodeProcess::dumpThreads);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    nodes.values().forEach(NodeProcess::close);
    if (clientVertx != null) {
      clientVertx.close().await(20, TimeUnit.SECONDS);
    }
    if (backend != null) {
      backend.close();
    }
  }
}
