package io.switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.TestClient;
import io.switchboard.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node's HTTP endpoints, and its stop: every socket is closed with 1001 (going away). */
class NodeLifecycleEndToEndTest {
  @Test
  void stoppingANodeClosesEverySocketWithGoingAway() {
    Vertx vertx = Vertx.vertx();
    try {
      WebSocketClient client = TestClient.client(vertx);
      TestNode node = TestNode.start();
      TestClient a = TestClient.connect(client, node.port(), node.token("a"));
      TestClient b = TestClient.connect(client, node.port(), node.token("b"));
      a.subscribe("bye");
      b.subscribe("bye");
      node.close();
      assertEquals((short) 1001, a.awaitClose().code());
      assertEquals((short) 1001, b.awaitClose().code());
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void healthIsServedNextToTheWebSocketAndStatsAndMetricsOnlyOnTheApiPort() {
    Vertx vertx = Vertx.vertx();
    try (TestNode node = TestNode.start()) {
      HttpClient http = vertx.createHttpClient();
      JsonObject health = get(http, node.port(), "/health");
      assertEquals("UP", health.getString("status"));
      JsonObject stats = get(http, node.apiPort(), "/stats");
      assertEquals(0L, stats.getLong("sessions"));
      for (String path : List.of("/nope", "/stats", "/metrics")) {
        int missing = http.request(HttpMethod.GET, node.port(), "127.0.0.1", path)
            .compose(r -> r.send()).map(r -> r.statusCode()).await();
        assertEquals(404, missing, path + " on the client port");
      }
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void metricsCountWhatSessionsDidInThePrometheusFormat() {
    Vertx vertx = Vertx.vertx();
    try (TestNode node = TestNode.start()) {
      WebSocketClient client = TestClient.client(vertx);
      try (TestClient c = TestClient.connect(client, node.port(), node.token("counted"))) {
        c.subscribe("metered");
        c.publish("metered", 1);
        c.next("message");
        c.send(new JsonObject().put("type", "teleport"));
        c.next("error");
        HttpClient http = vertx.createHttpClient();
        String metrics = http.request(HttpMethod.GET, node.apiPort(), "127.0.0.1", "/metrics")
            .compose(r -> r.send()).compose(r -> r.body()).map(b -> b.toString()).await();
        assertTrue(metrics.contains("switchboard_sessions{node=\"" + node.node.id() + "\"} 1.0"), metrics);
        assertTrue(metrics.contains("switchboard_errors_total{code=\"unknown_type\""), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("switchboard_errors_total{code=\"unknown_type\"") && l.endsWith(" 1.0")), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("switchboard_publications_total") && l.endsWith(" 1.0")), metrics);
        // the message, and the channel's coalesced presence update when it went out before the scrape
        double deliveries = metrics.lines().filter(l -> l.startsWith("switchboard_deliveries_total"))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertTrue(deliveries == 1.0 || deliveries == 2.0, metrics);
        assertTrue(metrics.contains("switchboard_cluster_members{"), metrics);
      }
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aPlainGetOnTheWebSocketPathGetsAHintAndHeadWorksWhereGetDoes() throws Exception {
    try (TestNode node = TestNode.start()) {
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpResponse<String> plain = http.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + node.port() + "/ws")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(400, plain.statusCode());
      assertTrue(plain.body().contains("WebSocket endpoint"), plain.body());
      assertEquals(1.0, node.metric("switchboard_http_rejections_total{node=\"" + node.node.id() + "\",reason=\"not_a_websocket\"}"));
      for (String path : List.of("/health/ready", "/health/live", "/js/switchboard.js", "/js/switchboard-react.d.ts")) {
        java.net.http.HttpResponse<String> get = http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + node.port() + path)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        java.net.http.HttpResponse<String> head = http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + node.port() + path))
            .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, get.statusCode(), path);
        assertEquals(get.statusCode(), head.statusCode(), path);
        assertEquals("", head.body(), path);
        assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"), path);
        assertEquals(String.valueOf(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
            head.headers().firstValue("Content-Length").orElse(""), path);
      }
      java.net.http.HttpResponse<String> post = http.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + node.port() + "/health"))
          .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(405, post.statusCode());
      assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
    }
  }

  @Test
  void theApiPortFollowsTheClientPortSoASecondNodeNeedsOneFlag() throws Exception {
    int port = -1;
    for (int attempt = 0; attempt < 20 && port < 0; attempt++) {
      try (java.net.ServerSocket client = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        int candidate = client.getLocalPort();
        if (candidate + 1000 <= 65535) {
          try (java.net.ServerSocket api = new java.net.ServerSocket(candidate + 1000, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = api.getLocalPort() - 1000; // both free: the node takes them once these close
          } catch (java.io.IOException taken) {
            // try another
          }
        }
      }
    }
    assertTrue(port > 0, "a free port whose +1000 is free too");
    try (TestNode node = TestNode.start("http.port=" + port, "api.port=-1")) { // -1: the default
      assertEquals(port + 1000, node.apiPort(), "--http-port alone moves the API port with it");
      java.net.http.HttpResponse<String> stats = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + (port + 1000) + "/stats")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, stats.statusCode());
    }
  }

  private static JsonObject get(HttpClient http, int port, String path) {
    return http.request(HttpMethod.GET, port, "127.0.0.1", path)
        .compose(r -> r.send())
        .compose(r -> r.body())
        .map(b -> new JsonObject(b))
        .await();
  }
}
