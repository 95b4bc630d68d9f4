package io.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RunningNode;
import io.switchboard.testing.TestClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Protocol v1 through a real WebSocket client against a real node: every message type and error. */
class ProtocolEndToEndTest {
  @RegisterExtension
  static final RunningNode node = new RunningNode();

  private TestClient connect(String user) {
    return TestClient.connect(node.client(), node.port(), node.token(user));
  }

  /**
   * The seed's clients send {@code subscribe} and then {@code message} without waiting: the sender
   * gets its own message, in that order after {@code subscribed}, also on a channel the node last
   * saw published to with nobody subscribed (a kept copy of "no node wants it", found by a
   * newcomer following the README's quick start).
   */
  @Test
  void aClientThatSubscribesAndPublishesAtOnceGetsItsOwnMessage() {
    try (TestClient early = connect("early")) {
      early.publish("echo-room", "into the void");
      early.send(new JsonObject().put("type", "ping"));
      early.next("pong");
    }
    for (int round = 0; round < 10; round++) {
      try (TestClient c = connect("echo-" + round)) {
        c.send(new JsonObject().put("type", "subscribe").put("channel", "echo-room"));
        c.send(new JsonObject().put("type", "message").put("channel", "echo-room").put("content", round).put("ref", round));
        assertEquals("subscribed", c.next("subscribed").getString("type"));
        assertEquals(round, c.next("ack").getInteger("ref"));
        JsonObject own = c.next("message");
        assertEquals(round, own.getInteger("content"), "round " + round);
        assertEquals("echo-" + round, own.getString("sender"));
      }
    }
  }

  @Test
  void seedFlowSubscribePublishPresencePing() {
    try (TestClient alice = connect("alice"); TestClient bob = connect("bob")) {
      alice.subscribe("room-1");
      JsonObject presence = alice.until(f -> "presence".equals(f.getString("type")));
      assertEquals("room-1", presence.getString("channel"));
      assertTrue(presence.getJsonArray("users").contains("alice"));
      bob.subscribe("room-1");
      alice.until(f -> "presence".equals(f.getString("type")) && f.getJsonArray("users").size() == 2);

      JsonObject content = new JsonObject().put("text", "hi").put("n", 3).put("list", new JsonArray().add(1).add("x"));
      bob.publish("room-1", content);
      JsonObject atAlice = alice.next("message");
      JsonObject atBob = bob.next("message");
      assertEquals(new JsonObject().put("type", "message").put("channel", "room-1").put("content", content)
          .put("sender", "bob"), atAlice);
      assertEquals(atAlice, atBob); // the sender gets its own message when subscribed

      alice.send(new JsonObject().put("type", "ping"));
      assertEquals(new JsonObject().put("type", "pong"), alice.next("pong"));
    }
  }

  @Test
  void contentOfEveryJsonKindPassesThrough() {
    try (TestClient c = connect("carol")) {
      c.subscribe("kinds");
      List<Object> values = List.of("text", 42, 1.5, true, new JsonArray().add(null).add(false),
          new JsonObject().put("nested", new JsonObject().put("deep", 1)));
      for (Object v : values) {
        c.publish("kinds", v);
        assertEquals(v, c.next("message").getValue("content"));
      }
      c.send(new JsonObject().put("type", "message").put("channel", "kinds").putNull("content"));
      JsonObject nullContent = c.next("message");
      assertTrue(nullContent.containsKey("content"));
      assertEquals(null, nullContent.getValue("content"));
    }
  }

  @Test
  void senderIsTheAuthenticatedUserNeverTheClaimedOne() {
    try (TestClient mallory = connect("mallory")) {
      mallory.subscribe("spoof");
      mallory.send(new JsonObject().put("type", "message").put("channel", "spoof").put("content", "x").put("sender", "admin"));
      assertEquals("mallory", mallory.next("message").getString("sender"));
    }
  }

  @Test
  void refIsEchoedOnEveryReply() {
    try (TestClient c = connect("dave")) {
      c.send(new JsonObject().put("type", "subscribe").put("channel", "refs").put("ref", 7));
      assertEquals(7, c.next("subscribed").getInteger("ref"));
      c.send(new JsonObject().put("type", "message").put("channel", "refs").put("content", 1).put("ref", "m-1"));
      JsonObject ack = c.until(f -> "ack".equals(f.getString("type")));
      assertEquals("m-1", ack.getString("ref"));
      c.send(new JsonObject().put("type", "ping").put("ref", "p"));
      assertEquals("p", c.until(f -> "pong".equals(f.getString("type"))).getString("ref"));
      c.send(new JsonObject().put("type", "unsubscribe").put("channel", "refs").put("ref", 8));
      assertEquals(8, c.until(f -> "unsubscribed".equals(f.getString("type"))).getInteger("ref"));
      c.send(new JsonObject().put("type", "unsubscribe").put("channel", "refs").put("ref", 9));
      JsonObject error = c.until(f -> "error".equals(f.getString("type")));
      assertEquals("not_subscribed", error.getString("code"));
      assertEquals(9, error.getInteger("ref"));
      assertEquals("refs", error.getString("channel"));
    }
  }

  @Test
  void unsubscribeStopsDeliveries() {
    try (TestClient a = connect("erin"); TestClient b = connect("frank")) {
      a.subscribe("quiet");
      b.subscribe("quiet");
      a.send(new JsonObject().put("type", "unsubscribe").put("channel", "quiet"));
      a.next("unsubscribed");
      b.publish("quiet", "after");
      assertEquals("after", b.next("message").getString("content"));
      // a ping after the publication: its pong proves a's socket is drained up to this point
      a.send(new JsonObject().put("type", "ping"));
      assertEquals("pong", a.next("pong").getString("type"));
    }
  }

  @Test
  void everyErrorCodeOverTheWire() {
    try (TestClient c = connect("grace")) {
      assertError(c.sendText("not json"), "bad_request");
      assertError(c.sendText("[1,2]"), "bad_request");
      assertError(c.send(new JsonObject().put("channel", "x")), "bad_request");
      assertError(c.send(new JsonObject().put("type", "subscribe")), "bad_request");
      assertError(c.send(new JsonObject().put("type", "message").put("channel", "x")), "bad_request");
      assertError(c.sendBinary(Buffer.buffer(new byte[] {1, 2, 3})), "bad_request");
      assertError(c.send(new JsonObject().put("type", "teleport")), "unknown_type");
      assertError(c.send(new JsonObject().put("type", "subscribe").put("channel", "no spaces")), "invalid_channel");
      assertError(c.send(new JsonObject().put("type", "subscribe").put("channel", "x".repeat(129))), "invalid_channel");
      assertError(c.send(new JsonObject().put("type", "subscribe").put("channel", "secret:vault")), "forbidden");
      assertError(c.send(new JsonObject().put("type", "message").put("channel", "secret:vault").put("content", 1)), "forbidden");
      assertError(c.send(new JsonObject().put("type", "unsubscribe").put("channel", "never")), "not_subscribed");
      assertError(c.send(new JsonObject().put("type", "history").put("channel", "room")), "unavailable");
      // the connection survived every one of them
      c.subscribe("still-alive");
    }
  }

  @Test
  void presenceQueryListsEachUserOnceAcrossConnections() {
    try (TestClient h1 = connect("heidi"); TestClient h2 = connect("heidi"); TestClient ivan = connect("ivan")) {
      h1.subscribe("crowd");
      h2.subscribe("crowd");
      ivan.subscribe("crowd");
      ivan.send(new JsonObject().put("type", "presence").put("channel", "crowd").put("ref", 1));
      JsonObject reply = ivan.until(f -> "presence".equals(f.getString("type")) && Integer.valueOf(1).equals(f.getValue("ref")));
      // presence lists each user once; their order is not part of the protocol
      assertEquals(Set.of("heidi", "ivan"), reply.getJsonArray("users").stream().collect(java.util.stream.Collectors.toSet()));
      assertEquals(2, reply.getJsonArray("users").size());

      h1.leave();
      h1.awaitClose();
      ivan.send(new JsonObject().put("type", "presence").put("channel", "crowd").put("ref", 2));
      JsonObject still = ivan.until(f -> Integer.valueOf(2).equals(f.getValue("ref")));
      assertEquals(Set.of("heidi", "ivan"), still.getJsonArray("users").stream().collect(java.util.stream.Collectors.toSet()), "heidi still has a connection");

      h2.leave();
      h2.awaitClose();
      JsonObject after = ivan.until(f -> "presence".equals(f.getString("type")) && f.getValue("ref") == null
          && !f.getJsonArray("users").contains("heidi"));
      assertEquals(new JsonArray().add("ivan"), after.getJsonArray("users"));
    }
  }

  @Test
  void subscribingTwiceIsIdempotent() {
    try (TestClient c = connect("judy")) {
      c.subscribe("twice");
      c.subscribe("twice");
      c.publish("twice", "once");
      assertEquals("once", c.next("message").getString("content"));
      c.send(new JsonObject().put("type", "ping"));
      assertEquals("pong", c.next("pong").getString("type"), "exactly one delivery");
      assertFalse(c.isClosed());
    }
  }

  private static void assertError(TestClient c, String code) {
    JsonObject error = c.next("error");
    assertEquals(code, error.getString("code"), error::encode);
    assertTrue(error.getString("message").length() > 5, "a readable message");
  }
}
