package io.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RunningNode;
import io.switchboard.testing.TestClient;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each limit ends in its documented outcome, and the node keeps serving everyone else. */
class LimitsEndToEndTest {
  @RegisterExtension
  static final RunningNode node = new RunningNode(
        "limits.maxSubscriptionsPerConnection=3",
        "limits.maxConnectionsPerUser=2",
        "limits.messagesPerSecond=5",
        "limits.messageBurst=10",
        "limits.closeAfterRejected=10",
        "limits.maxMessageBytes=4096");

  @Test
  void tooManySubscriptions() {
    try (TestClient c = TestClient.connect(node.client(), node.port(), node.token("subs"))) {
      c.subscribe("s1").subscribe("s2").subscribe("s3");
      c.send(new JsonObject().put("type", "subscribe").put("channel", "s4").put("ref", 4));
      JsonObject error = c.next("error");
      assertEquals("too_many_subscriptions", error.getString("code"));
      assertEquals("s4", error.getString("channel"));
      c.send(new JsonObject().put("type", "unsubscribe").put("channel", "s1"));
      c.next("unsubscribed");
      c.subscribe("s4"); // room again after leaving one
    }
  }

  @Test
  void tooManyConnectionsForOneUserIsClosedWith4029() {
    try (TestClient a = TestClient.connect(node.client(), node.port(), node.token("many"));
         TestClient b = TestClient.connect(node.client(), node.port(), node.token("many"))) {
      a.subscribe("m");
      b.subscribe("m");
      TestClient third = TestClient.connect(node.client(), node.port(), node.token("many"));
      assertEquals((short) 4029, third.awaitClose().code());
      a.send(new JsonObject().put("type", "ping"));
      a.next("pong");
    }
  }

  @Test
  void floodingGetsRateLimitedThenClosedWith4029() {
    try (TestClient bystander = TestClient.connect(node.client(), node.port(), node.token("bystander"))) {
      bystander.subscribe("flood");
      TestClient flooder = TestClient.connect(node.client(), node.port(), node.token("flooder"));
      int rateLimited = 0;
      for (int i = 0; i < 40 && !flooder.isClosed(); i++) {
        flooder.socket().writeTextMessage(new JsonObject().put("type", "ping").encode());
      }
      TestClient.Closed closed = flooder.awaitClose();
      for (JsonObject f : flooder.drain()) {
        if ("error".equals(f.getString("type"))) {
          assertEquals("rate_limited", f.getString("code"));
          rateLimited++;
        }
      }
      assertEquals((short) 4029, closed.code());
      assertTrue(rateLimited >= 1, "rate_limited errors came before the close: " + rateLimited);
      bystander.publish("flood", "still here");
      assertEquals("still here", bystander.next("message").getString("content"));
    }
  }

  @Test
  void aMessageOverTheLimitIsClosedWith1009() {
    try (TestClient bystander = TestClient.connect(node.client(), node.port(), node.token("calm"))) {
      TestClient big = TestClient.connect(node.client(), node.port(), node.token("big"));
      big.socket().writeTextMessage("{\"type\":\"message\",\"channel\":\"x\",\"content\":\"" + "a".repeat(5000) + "\"}");
      assertEquals((short) 1009, big.awaitClose().code());
      // one frame over even the frame limit (Netty's own check)
      TestClient huge = TestClient.connect(node.client(), node.port(), node.token("huge"));
      huge.socket().writeTextMessage("x".repeat(200_000));
      assertEquals((short) 1009, huge.awaitClose().code());
      // a message of many frames, each small, adding up over the limit
      TestClient fragmented = TestClient.connect(node.client(), node.port(), node.token("frag"));
      List<io.vertx.core.http.WebSocketFrame> frames = new ArrayList<>();
      frames.add(io.vertx.core.http.WebSocketFrame.textFrame("{\"pad\":\"" + "b".repeat(2000), false));
      frames.add(io.vertx.core.http.WebSocketFrame.continuationFrame(io.vertx.core.buffer.Buffer.buffer("c".repeat(2000)), false));
      frames.add(io.vertx.core.http.WebSocketFrame.continuationFrame(io.vertx.core.buffer.Buffer.buffer("d".repeat(2000) + "\"}"), true));
      frames.forEach(f -> fragmented.socket().writeFrame(f));
      assertEquals((short) 1009, fragmented.awaitClose().code());
      bystander.subscribe("unbothered");
    }
  }

  @Test
  void aMessageOfSeveralFramesUnderTheLimitIsOneMessage() {
    try (TestClient reader = TestClient.connect(node.client(), node.port(), node.token("reader"));
         TestClient writer = TestClient.connect(node.client(), node.port(), node.token("writer"))) {
      reader.subscribe("pieces");
      String content = "e".repeat(3000);
      String whole = new JsonObject().put("type", "message").put("channel", "pieces").put("content", content)
          .put("ref", 7).encode();
      int third = whole.length() / 3;
      // a ping may come between the frames of a message (RFC 6455 5.4)
      writer.socket().writeFrame(io.vertx.core.http.WebSocketFrame.textFrame(whole.substring(0, third), false));
      writer.socket().writeFrame(io.vertx.core.http.WebSocketFrame.pingFrame(io.vertx.core.buffer.Buffer.buffer("p")));
      writer.socket().writeFrame(io.vertx.core.http.WebSocketFrame.continuationFrame(
          io.vertx.core.buffer.Buffer.buffer(whole.substring(third, 2 * third)), false));
      writer.socket().writeFrame(io.vertx.core.http.WebSocketFrame.continuationFrame(
          io.vertx.core.buffer.Buffer.buffer(whole.substring(2 * third)), true));
      assertEquals(7, writer.next("ack").getInteger("ref"));
      assertEquals(content, reader.next("message").getString("content"));
      // a binary message of several frames is refused as one binary message, and the socket stays
      writer.socket().writeFrame(io.vertx.core.http.WebSocketFrame.binaryFrame(io.vertx.core.buffer.Buffer.buffer("ab"), false));
      writer.socket().writeFrame(io.vertx.core.http.WebSocketFrame.continuationFrame(io.vertx.core.buffer.Buffer.buffer("cd"), true));
      assertEquals("bad_request", writer.next("error").getString("code"));
      writer.publish("pieces", "after");
      assertEquals("after", reader.next("message").getString("content"));
    }
  }
}
