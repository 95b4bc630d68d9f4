package io.switchboard.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.TestClient;
import io.switchboard.testing.TestCluster;
import io.switchboard.testing.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node drains from outside: real WebSocket clients on a real node see their sockets closed with
 * 1001 and the drain's hint, spread over the period rather than at once; the node is not ready and
 * refuses new sockets with 503 meanwhile, then leaves with nothing held. The API's {@code drain}
 * does the same to the node it names, from any node of the cluster.
 */
class DrainEndToEndTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aDrainClosesEverySocketInWavesOverThePeriodAndRefusesNewOnesMeanwhile() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TestNode node = TestNode.start("drain.period=3s")) {
      WebSocketClient client = TestClient.client(vertx);
      int n = 40;
      List<TestClient> clients = new ArrayList<>();
      ConcurrentLinkedQueue<Long> closedAt = new ConcurrentLinkedQueue<>();
      for (int i = 0; i < n; i++) {
        TestClient c = TestClient.connect(client, node.port(), node.token("user-" + i));
        c.subscribe("lobby");
        c.whenClosed().onComplete(ar -> closedAt.add(System.nanoTime()));
        clients.add(c);
      }
      long start = System.nanoTime();
      Future<Void> shutdown = node.node.shutdown(Duration.ofSeconds(3));
      assertEquals(503, status(node.port(), "/health/ready"), "not ready as soon as the drain starts");
      int refused = TestClient.connectAsync(client, node.port(), "/ws?token=" + node.token("late"), List.of())
          .transform(ar -> Future.succeededFuture(ar.failed() && ar.cause() instanceof UpgradeRejectedException r
              ? r.getStatus() : 0)).await(10, TimeUnit.SECONDS);
      assertEquals(503, refused, "a new socket is refused while draining");
      await().atMost(Duration.ofSeconds(30)).until(() -> closedAt.size() == n);
      for (TestClient c : clients) {
        TestClient.Closed closed = c.awaitClose();
        assertEquals((short) 1001, closed.code());
        assertEquals(Node.DRAIN_REASON, closed.reason());
      }
      List<Long> millis = closedAt.stream().map(t -> (t - start) / 1_000_000).sorted().toList();
      // even waves over 3 s: a quarter of the sockets are closed in the first 0.75 s, not all of them
      assertTrue(millis.get(n / 2) >= 700, () -> "half of the sockets closed only after a while: " + millis);
      assertTrue(millis.get(n - 1) - millis.get(0) >= 1500, () -> "the closes spread over the period: " + millis);
      shutdown.await(30, TimeUnit.SECONDS);
      assertTrue(node.node.terminated().isComplete());
      JsonObject stats = node.node.stats().snapshot();
      for (String held : List.of("sessions", "subscriptions", "channels", "userConnections")) {
        assertEquals(0, stats.getInteger(held), () -> held + " released: " + stats);
      }
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void theApiDrainsTheNodeItNamesFromAnyNode() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TestCluster cluster = TestCluster.start(16501, 2)) {
      TestNode asked = cluster.node(0);
      TestNode drained = cluster.node(1);
      WebSocketClient client = TestClient.client(vertx);
      TestClient stays = TestClient.connect(client, asked.port(), asked.token("stays"));
      TestClient leaves = TestClient.connect(client, drained.port(), drained.token("leaves"));
      stays.subscribe("lobby");
      leaves.subscribe("lobby");

      assertEquals(404, call(asked, new JsonObject().put("node", "no-such-node")).statusCode());
      assertEquals(400, call(asked, new JsonObject().put("period", "soon")).statusCode());
      assertEquals(400, call(asked, new JsonObject().put("period", "11m")).statusCode());
      HttpResponse<String> answer = call(asked, new JsonObject().put("node", drained.node.id()).put("period", 0));
      assertEquals(200, answer.statusCode(), answer.body());
      JsonObject body = new JsonObject(answer.body());
      assertEquals(drained.node.id(), body.getString("node"));
      assertEquals(true, body.getBoolean("draining"));
      assertEquals(1, body.getInteger("sessions"));

      TestClient.Closed closed = leaves.awaitClose();
      assertEquals((short) 1001, closed.code());
      assertEquals(Node.DRAIN_REASON, closed.reason());
      drained.node.terminated().await(30, TimeUnit.SECONDS);
      // the node that answered the call serves on, and its client sees the drained user leave
      assertTrue(asked.node.stats().ready());
      stays.until(f -> "presence".equals(f.getString("type")) && f.getJsonArray("users").size() == 1);
      assertTrue(!stays.isClosed());
    } finally {
      vertx.close().await();
    }
  }

  private static HttpResponse<String> call(TestNode node, JsonObject params) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.apiPort() + "/api/drain"))
        .header("X-API-Key", TestNode.API_KEY).timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(params.encode())).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int status(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
