package io.switchboard.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.LogWatch;
import io.switchboard.testing.RunningCluster;
import io.switchboard.testing.TestClient;
import io.switchboard.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server API from outside: a plain HTTP client (java.net.http, nothing of Vert.x) against two
 * real nodes of one cluster, and real WebSocket clients that see what the API does.
 */
class ApiEndToEndTest {
  static final String NAMESPACES = "namespaces=["
      + "{name: '', subscribe: [authenticated], publish: [authenticated], presence: true},"
      + "{name: quiet, subscribe: [authenticated], publish: [authenticated], presence: false},"
      + "{name: feed, subscribe: [authenticated], publish: [authenticated], presence: false,"
      + " history: {size: 50, ttl: 1h}}]";
  static final String OTHER_KEY = "rotated-key-rotated-key-rotated-0001";

  @RegisterExtension
  static final RunningCluster running = new RunningCluster(16401, 2, NAMESPACES,
      "api.keys=test:" + TestNode.API_KEY + "," + "next:" + OTHER_KEY, "api.maxBodyBytes=2048");

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  record Answer(int status, JsonObject body, HttpResponse<String> response) {
    JsonObject error() {
      return body.getJsonObject("error");
    }
  }

  private static Answer send(int node, HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      boolean json = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
      JsonObject body = json && !r.body().isEmpty() ? new JsonObject(r.body()) : new JsonObject();
      return new Answer(r.statusCode(), body, r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpRequest.Builder request(int node, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.node(node).apiPort() + path));
  }

  private static Answer call(int node, String method, String body, String key) {
    HttpRequest.Builder r = request(node, "/api/" + method).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (key != null) {
      r.header("X-API-Key", key);
    }
    return send(node, r);
  }

  private static JsonObject ok(int node, String method, JsonObject params) {
    Answer a = call(node, method, params.encode(), TestNode.API_KEY);
    assertEquals(200, a.status(), () -> method + ": " + a.body());
    return a.body();
  }

  private static void assertError(Answer a, int status, String code) {
    assertEquals(status, a.status(), () -> "answer " + a.body());
    assertEquals(code, a.error().getString("code"), () -> "answer " + a.body());
    assertFalse(a.error().getString("message").isBlank());
    assertEquals("application/json", a.response().headers().firstValue("Content-Type").orElse(""));
  }

  @Test
  void aCallWithoutAValidKeyIsRefusedWith401BeforeItsBodyIsRead() {
    String publish = new JsonObject().put("channel", "lobby").put("content", "x").encode();
    String refusedSeries = "switchboard_api_requests_total{method=\"publish\",node=\"" + running.node(0).node.id()
        + "\",status=\"401\"}";
    double refusedBefore = counted(refusedSeries);
    try (LogWatch logs = LogWatch.start()) {
      assertError(call(0, "publish", publish, null), 401, "unauthorized");
      assertError(call(0, "publish", publish, TestNode.API_KEY + "x"), 401, "unauthorized");
      assertError(call(0, "publish", publish, ""), 401, "unauthorized");
      assertError(call(0, "no-such-method", "not json", "wrong"), 401, "unauthorized");
      logs.assertNothingLogged(); // a wrong key is a client's mistake: counted, never logged (nor its key)
    }
    assertEquals(refusedBefore + 3, counted(refusedSeries));
    assertTrue(call(0, "publish", publish, null).response().headers().firstValue("WWW-Authenticate").isPresent());
    // both configured keys are valid at once: a key is rotated without downtime
    assertEquals(200, call(0, "publish", publish, TestNode.API_KEY).status());
    assertEquals(200, call(1, "publish", publish, OTHER_KEY).status());
  }

  /** A counter's value, 0 before its first count (a labelled counter appears with it). */
  private static double counted(String series) {
    try {
      return running.node(0).metric(series);
    } catch (AssertionError notYet) {
      return 0;
    }
  }

  @Test
  void aPublicationThroughEitherNodeReachesSubscribersOnBoth() {
    try (TestClient a = running.connect(0, "alice"); TestClient b = running.connect(1, "bob")) {
      a.subscribe("quiet:room");
      b.subscribe("quiet:room");
      assertEquals(new JsonObject(), ok(0, "publish",
          new JsonObject().put("channel", "quiet:room").put("content", new JsonObject().put("n", 1))));
      ok(1, "publish", new JsonObject().put("channel", "quiet:room").put("content", 2).put("sender", "billing"));
      // two publishers (two nodes): each arrives once, in no promised order between them
      Set<JsonObject> expected = Set.of(
          new JsonObject().put("content", new JsonObject().put("n", 1)).put("sender", ServerApi.DEFAULT_SENDER),
          new JsonObject().put("content", 2).put("sender", "billing"));
      for (TestClient c : List.of(a, b)) {
        Set<JsonObject> got = new java.util.HashSet<>();
        for (int i = 0; i < 2; i++) {
          JsonObject m = c.next("message");
          got.add(new JsonObject().put("content", m.getValue("content")).put("sender", m.getString("sender")));
        }
        assertEquals(expected, got);
      }
    }
  }

  @Test
  void aPublicationOnAHistoryChannelAnswersItsPlaceAndARetryWithItsKeyPublishesNothingMore() {
    try (TestClient s = running.connect(1, "reader")) {
      s.subscribe("feed:news");
      JsonObject params = new JsonObject().put("channel", "feed:news").put("content", "first").put("idempotencyKey", "k1");
      JsonObject placed = ok(0, "publish", params);
      assertTrue(placed.getLong("offset") >= 1);
      assertFalse(placed.getString("epoch").isEmpty());
      assertEquals(placed, ok(1, "publish", params), "the retry is answered with the first one's place");
      ok(0, "publish", new JsonObject().put("channel", "feed:news").put("content", "second"));
      assertEquals("first", s.next("message").getString("content"));
      JsonObject second = s.next("message");
      assertEquals("second", second.getString("content"), "the retry was delivered at most once more and "
          + "dropped by offset, so the next one is 'second'");
      JsonObject history = ok(1, "history", new JsonObject().put("channel", "feed:news").put("limit", 10));
      assertEquals(List.of("first", "second"), history.getJsonArray("publications").stream()
          .map(p -> ((JsonObject) p).getString("content")).toList());
      assertEquals(second.getLong("offset"), history.getLong("offset"));
    }
  }

  @Test
  void presenceAndItsCountsAreTheClustersWhicheverNodeIsAsked() {
    try (TestClient a = running.connect(0, "carol"); TestClient a2 = running.connect(1, "carol");
         TestClient b = running.connect(1, "dave")) {
      a.subscribe("hall");
      a2.subscribe("hall");
      b.subscribe("hall");
      for (int node = 0; node < 2; node++) {
        int asked = node;
        // presence is recorded right after subscribed, not before it
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
          JsonObject presence = ok(asked, "presence", new JsonObject().put("channel", "hall"));
          assertEquals(Set.of("carol", "dave"), presence.getJsonArray("users").stream().collect(Collectors.toSet()));
          JsonObject stats = ok(asked, "presence_stats", new JsonObject().put("channel", "hall"));
          assertEquals(2, stats.getInteger("users"));
          assertEquals(3, stats.getInteger("connections"));
        });
      }
    }
    assertError(call(0, "presence", new JsonObject().put("channel", "quiet:x").encode(), TestNode.API_KEY),
        404, "unavailable");
    assertError(call(0, "history", new JsonObject().put("channel", "quiet:x").encode(), TestNode.API_KEY),
        404, "unavailable");
  }

  @Test
  void aDirectMessageAndABroadcastReachEveryoneTheyName() {
    try (TestClient a = running.connect(0, "erin"); TestClient b = running.connect(1, "frank")) {
      a.subscribe("quiet:one");
      b.subscribe("quiet:two");
      ok(1, "direct", new JsonObject().put("user", "erin").put("content", "psst"));
      assertEquals("psst", a.next("direct").getString("content"));
      JsonObject answer = ok(0, "broadcast", new JsonObject()
          .put("channels", new JsonArray().add("quiet:one").add("quiet:two").add("feed:wide")).put("content", "all"));
      JsonArray responses = answer.getJsonArray("responses");
      assertEquals(3, responses.size());
      assertEquals("quiet:one", responses.getJsonObject(0).getString("channel"));
      assertEquals(new JsonObject(), responses.getJsonObject(0).getJsonObject("result"));
      assertTrue(responses.getJsonObject(2).getJsonObject("result").containsKey("offset"));
      assertEquals("all", a.next("message").getString("content"));
      assertEquals("all", b.next("message").getString("content"));
    }
  }

  @Test
  void aBatchRunsItsCommandsInOrderAndAnswersEachInItsPlace() {
    try (TestClient s = running.connect(0, "gina")) {
      s.subscribe("quiet:batch");
      JsonArray commands = new JsonArray();
      for (int i = 0; i < 20; i++) {
        commands.add(new JsonObject().put("method", "publish")
            .put("params", new JsonObject().put("channel", "quiet:batch").put("content", i)));
      }
      commands.add(new JsonObject().put("method", "nope").put("params", new JsonObject()));
      commands.add(new JsonObject().put("method", "publish").put("params", new JsonObject().put("channel", "bad channel")));
      JsonArray replies = ok(1, "batch", new JsonObject().put("commands", commands)).getJsonArray("replies");
      assertEquals(22, replies.size());
      assertEquals(new JsonObject().put("result", new JsonObject()), replies.getJsonObject(0));
      assertEquals("unknown_type", replies.getJsonObject(20).getJsonObject("error").getString("code"));
      assertEquals("invalid_channel", replies.getJsonObject(21).getJsonObject("error").getString("code"));
      for (int i = 0; i < 20; i++) {
        assertEquals(i, s.next("message").getInteger("content"), "in the batch's order");
      }
    }
  }

  @Test
  void infoListsEveryNodeWithItsCountsFromAnyNode() {
    try (TestClient c = running.connect(1, "hank")) {
      c.send(new JsonObject().put("type", "ping"));
      c.next("pong");
      for (int node = 0; node < 2; node++) {
        JsonArray nodes = ok(node, "info", new JsonObject()).getJsonArray("nodes");
        assertEquals(Set.of(running.node(0).node.id(), running.node(1).node.id()),
            nodes.stream().map(n -> ((JsonObject) n).getString("node")).collect(Collectors.toSet()));
        assertTrue(nodes.stream().map(n -> (JsonObject) n).allMatch(n -> n.containsKey("sessions") && n.containsKey("version")));
        long sessions = nodes.stream().mapToLong(n -> ((JsonObject) n).getLong("sessions")).sum();
        assertTrue(sessions >= 1, "the client on node 1 is counted");
      }
    }
  }

  @Test
  void aDisconnectClosesEverySessionOfTheUserOnEveryNodeWithTheCodeAsked() {
    try (TestClient a = running.connect(0, "ivan"); TestClient b = running.connect(1, "ivan");
         TestClient other = running.connect(1, "judy")) {
      JsonObject answer = ok(0, "disconnect", new JsonObject().put("user", "ivan").put("code", 4001)
          .put("reason", "token revoked"));
      assertEquals(2, answer.getInteger("sessions"));
      for (TestClient c : List.of(a, b)) {
        TestClient.Closed closed = c.awaitClose();
        assertEquals((short) 4001, closed.code());
        assertEquals("token revoked", closed.reason());
      }
      other.send(new JsonObject().put("type", "ping"));
      assertEquals("pong", other.next("pong").getString("type"), "another user is untouched");
      assertEquals(0, ok(1, "disconnect", new JsonObject().put("user", "ivan")).getInteger("sessions"),
          "idempotent: nobody left to close");
    }
    assertError(call(0, "disconnect", new JsonObject().put("user", "x").put("code", 1000).encode(), TestNode.API_KEY),
        400, "bad_request");
    assertError(call(0, "disconnect", new JsonObject().put("user", "x").put("reason", "r".repeat(124)).encode(),
        TestNode.API_KEY), 400, "bad_request");
  }

  @Test
  void anUnsubscribeEndsTheUsersSubscriptionEverywhereAndTellsTheClient() {
    try (TestClient a = running.connect(0, "kim"); TestClient b = running.connect(1, "kim");
         TestClient stays = running.connect(1, "lee")) {
      a.subscribe("quiet:club");
      b.subscribe("quiet:club");
      stays.subscribe("quiet:club");
      assertEquals(2, ok(1, "unsubscribe", new JsonObject().put("user", "kim").put("channel", "quiet:club"))
          .getInteger("sessions"));
      for (TestClient c : List.of(a, b)) {
        JsonObject told = c.next("unsubscribed");
        assertEquals("quiet:club", told.getString("channel"));
        assertFalse(told.containsKey("ref"));
      }
      ok(0, "publish", new JsonObject().put("channel", "quiet:club").put("content", "after"));
      assertEquals("after", stays.next("message").getString("content"));
      for (TestClient c : List.of(a, b)) {
        c.send(new JsonObject().put("type", "ping"));
        assertEquals("pong", c.next().getString("type"), "nothing published after the unsubscribe arrives");
      }
    }
  }

  @Test
  void channelsListsWhatHasSubscribersInTheWholeClusterByPattern() {
    try (TestClient a = running.connect(0, "mia"); TestClient b = running.connect(1, "ned")) {
      a.subscribe("quiet:list-1");
      b.subscribe("quiet:list-1");
      b.subscribe("quiet:list-2");
      a.subscribe("quiet:other");
      JsonObject channels = ok(0, "channels", new JsonObject().put("pattern", "quiet:list-*")).getJsonObject("channels");
      assertEquals(new JsonObject().put("quiet:list-1", 2).put("quiet:list-2", 1), channels);
      JsonObject limited = ok(1, "channels", new JsonObject().put("pattern", "quiet:*").put("limit", 1))
          .getJsonObject("channels");
      assertEquals(1, limited.size());
    }
    assertError(call(0, "channels", new JsonObject().put("limit", 0).encode(), TestNode.API_KEY), 400, "bad_request");
  }

  @Test
  void badRequestsGetTheirOwnStatusAndCode() {
    String key = TestNode.API_KEY;
    assertError(call(0, "publish", "{not json", key), 400, "bad_request");
    assertError(call(0, "publish", "[1,2]", key), 400, "bad_request");
    assertError(call(0, "publish", new JsonObject().put("channel", 7).put("content", 1).encode(), key),
        400, "invalid_channel");
    assertError(call(0, "publish", new JsonObject().put("channel", "lobby").encode(), key), 400, "bad_request");
    assertError(call(0, "publish", new JsonObject().put("channel", "lobby").put("content", 1).put("sender", 5).encode(),
        key), 400, "bad_request");
    assertError(call(0, "publish", new JsonObject().put("channel", "lobby").put("content", 1)
        .put("idempotencyKey", "k").encode(), key), 400, "bad_request");
    assertError(call(0, "broadcast", new JsonObject().put("channels", new JsonArray()).put("content", 1).encode(), key),
        400, "bad_request");
    assertError(call(0, "batch", new JsonObject().put("commands", new JsonArray()
        .add(new JsonObject().put("method", "batch"))).encode(), key), 400, "bad_request");
    assertError(call(0, "direct", new JsonObject().put("user", "").put("content", 1).encode(), key), 400, "bad_request");
    assertError(call(0, "no_such_method", "{}", key), 404, "unknown_type");
    assertError(call(0, "publish", new JsonObject().put("channel", "nowhere:x").put("content", 1).encode(), key),
        403, "forbidden");
    assertError(call(0, "broadcast", new JsonObject().put("channels", new JsonArray().add("lobby").add("nowhere:x"))
        .put("content", 1).encode(), key), 403, "forbidden");
    assertError(call(0, "publish", "{\"content\":\"" + "x".repeat(4096) + "\",\"channel\":\"lobby\"}", key),
        413, "too_large");
    assertError(send(0, request(0, "/api/publish").GET().header("X-API-Key", key)), 405, "bad_request");
    assertError(send(0, request(0, "/nowhere").GET()), 404, "unknown_type");
  }

  @Test
  void metricsAndStatsAreServedOnTheApiPortAndCountEveryOutcome() {
    call(0, "publish", "{}", null);
    Answer metrics = send(0, request(0, "/metrics").GET());
    String text = metrics.response().body();
    assertTrue(text.contains("switchboard_api_requests_total{method=\"publish\""), text);
    assertTrue(text.contains("status=\"401\""), text);
    JsonObject stats = send(0, request(0, "/stats").GET()).body();
    assertEquals(running.node(0).node.id(), stats.getString("node"));
  }
}
