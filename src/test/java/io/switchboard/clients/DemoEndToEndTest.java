package io.switchboard.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RunningNode;
import io.switchboard.testing.TestClient;
import io.switchboard.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo page and its dev tokens: a dev-mode node hands out a token for a name, and that token
 * works on its WebSocket; a node with a configured key serves the page but never mints one.
 */
class DemoEndToEndTest {
  @RegisterExtension
  static final RunningNode keyed = new RunningNode();

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aDevModeNodeServesThePageAndATokenThatWorksForTheNameAsked() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TestNode dev = TestNode.startDevMode("demo-" + UUID.randomUUID())) {
      HttpResponse<String> page = get(dev.port(), "/demo");
      assertEquals(200, page.statusCode());
      assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
      assertTrue(page.body().contains("from '/js/switchboard.js'"), "the page runs the served client");
      HttpResponse<String> minted = get(dev.port(), "/demo/token?user=bob");
      assertEquals(200, minted.statusCode());
      assertEquals("no-store", minted.headers().firstValue("Cache-Control").orElse(""));
      JsonObject answer = new JsonObject(minted.body());
      assertEquals("bob", answer.getString("user"));
      WebSocketClient ws = TestClient.client(vertx);
      try (TestClient bob = TestClient.connect(ws, dev.port(), answer.getString("token"))) {
        bob.subscribe("lobby");
        bob.publish("lobby", "hi");
        assertEquals("bob", bob.next("message").getString("sender"));
      }
      assertEquals(400, get(dev.port(), "/demo/token?user=not%20a%20name").statusCode());
      assertEquals(400, get(dev.port(), "/demo/token").statusCode());
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aNodeWithAKeyServesThePageButNeverMintsAToken() throws Exception {
    assertEquals(200, get(keyed.port(), "/demo").statusCode());
    assertEquals(404, get(keyed.port(), "/demo/token?user=bob").statusCode());
  }
}
