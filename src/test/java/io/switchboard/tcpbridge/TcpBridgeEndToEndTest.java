package io.switchboard.tcpbridge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.BridgeWire;
import io.switchboard.testing.RunningNode;
import io.switchboard.testing.TestClient;
import io.switchboard.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The TCP bridge from outside, through {@link BridgeWire} (the wire format by hand, nothing of
 * Vert.x on the client side) against a real node, as a service that never joined the cluster.
 */
class TcpBridgeEndToEndTest {
  @RegisterExtension
  static final RunningNode node = new RunningNode("bridge.tcp.port=0", "bridge.tcp.maxPendingBytes=4096",
      "bridge.tcp.maxRegistrations=3", "bridge.tcp.framesPerSecond=500", "bridge.tcp.frameBurst=100", "namespaces=[{name: '', subscribe: [authenticated], "
          + "publish: [authenticated], presence: false}, {name: moderated, subscribe: [authenticated], "
          + "publish: [authenticated], presence: false, hooks: {publish: backend, timeout: 30s}}]",
      "bridge.tcp.register=[switchboard.events, 'regex:switchboard\\.channel\\..+', switchboard.inbound.moderated]");

  private static JsonObject keyed() {
    return new JsonObject().put("apiKey", TestNode.API_KEY);
  }

  private static BridgeWire open() throws IOException {
    return BridgeWire.open(node.tcpBridgePort());
  }

  private static JsonObject read(BridgeWire w) throws IOException {
    return new JsonObject(w.read());
  }

  private static JsonObject request(BridgeWire w, String address, JsonObject body) throws IOException {
    w.write(new JsonObject().put("type", "send").put("address", address).put("replyAddress", "r-" + address)
        .put("headers", keyed()).put("body", body).encode());
    JsonObject reply = read(w);
    assertEquals("r-" + address, reply.getString("address"), reply.encode());
    return reply;
  }

  @AfterEach
  void everyConnectionIsReleased() {
    await().atMost(Duration.ofSeconds(10)).until(() -> node.node().node.tcpBridgePort() > 0
        && node.node().metric("switchboard_bridge_connections{node=\"" + node.node().node.id() + "\"}") == 0.0);
  }

  @Test
  void aServiceOutsideTheClusterPublishesSendsDirectsAndObserves() throws Exception {
    try (BridgeWire w = open(); TestClient alice = node.connect("alice")) {
      alice.subscribe("orders");
      JsonObject published = request(w, "switchboard.publish",
          new JsonObject().put("channel", "orders").put("content", 42).put("sender", "billing"));
      assertEquals("message", published.getString("type"));
      assertEquals(new JsonObject(), published.getJsonObject("body"));
      JsonObject m = alice.next("message");
      assertEquals(42, m.getInteger("content"));
      assertEquals("billing", m.getString("sender"));

      request(w, "switchboard.direct", new JsonObject().put("user", "alice").put("content", "psst"));
      assertEquals("psst", alice.next("direct").getString("content"));

      request(w, "switchboard.observe", new JsonObject().put("channel", "orders"));
      w.write(new JsonObject().put("type", "register").put("address", "switchboard.channel.orders")
          .put("headers", keyed()).encode());
      w.write(new JsonObject().put("type", "ping").encode());
      assertEquals("pong", read(w).getString("type"), "the registration is in place once the ping is answered");
      alice.publish("orders", "from alice");
      JsonObject observed = read(w);
      assertEquals("switchboard.channel.orders", observed.getString("address"));
      assertEquals("from alice", observed.getJsonObject("body").getString("content"));

      JsonObject bad = request(w, "switchboard.publish", new JsonObject().put("channel", "no spaces"));
      assertEquals("err", bad.getString("type"));
      assertEquals(400, bad.getInteger("failureCode"), "the API's status travels with the failure");
    }
  }

  @Test
  void aServiceOutsideTheClusterAnswersAPublishHook() throws Exception {
    try (TestClient alice = node.connect("alice-hooked")) {
      alice.subscribe("moderated:room");
      try (BridgeWire w = open()) {
        w.write(new JsonObject().put("type", "register").put("address", "switchboard.inbound.moderated")
            .put("headers", keyed()).encode());
        w.write(new JsonObject().put("type", "ping").encode());
        assertEquals("pong", read(w).getString("type"));

        alice.publish("moderated:room", "hello");
        JsonObject asked = read(w);
        assertEquals("switchboard.inbound.moderated", asked.getString("address"));
        assertEquals("hello", asked.getJsonObject("body").getString("content"));
        assertEquals("alice-hooked", asked.getJsonObject("body").getString("user"));
        String replyAddress = asked.getString("replyAddress");
        assertTrue(replyAddress.startsWith("switchboard.bridge.reply."), asked.encode());
        w.write(new JsonObject().put("type", "send").put("address", replyAddress).put("headers", keyed())
            .put("body", new JsonObject().put("content", "HELLO")).encode());
        assertEquals("HELLO", alice.next("message").getString("content"), "the service rewrote it");

        alice.publish("moderated:room", "spam");
        String second = read(w).getString("replyAddress");
        w.write(new JsonObject().put("type", "send").put("address", second).put("headers", keyed())
            .put("body", new JsonObject().put("error", new JsonObject().put("code", "forbidden").put("message", "no spam")))
            .encode());
        JsonObject refused = alice.next("error");
        assertEquals("forbidden", refused.getString("code"));
        assertEquals("no spam", refused.getString("message"));

        w.write(new JsonObject().put("type", "send").put("address", second).put("headers", keyed())
            .put("body", new JsonObject()).encode());
        assertEquals("access_denied", read(w).getString("message"), "a reply address is answered once");

        alice.publish("moderated:room", "unanswered");
        assertEquals("unanswered", read(w).getJsonObject("body").getString("content"));
      } // the service goes without replying: its request fails now, not after the hook's 30 s
      assertEquals("unavailable", alice.next("error").getString("code"));
    }
  }

  @Test
  void lifecycleEventsReachARegisteredServiceOnceEvenIfItRegistersTwice() throws Exception {
    try (BridgeWire w = open()) {
      for (int i = 0; i < 2; i++) {
        w.write(new JsonObject().put("type", "register").put("address", "switchboard.events").put("headers", keyed())
            .encode());
      }
      w.write(new JsonObject().put("type", "ping").encode());
      assertEquals("pong", read(w).getString("type"));
      try (TestClient bob = node.connect("bob-events")) {
        JsonObject event = read(w);
        assertEquals("connected", event.getJsonObject("body").getString("event"));
        assertEquals("bob-events", event.getJsonObject("body").getString("user"));
        assertFalse(bob.isClosed(), "the event came while bob is connected");
        w.write(new JsonObject().put("type", "ping").encode());
        assertEquals("pong", read(w).getString("type"), "the event came once");
      }
    }
  }

  @Test
  void aFrameWithoutAValidKeyIsRefusedAndTheSocketClosed() throws Exception {
    for (JsonObject headers : new JsonObject[] {null, new JsonObject().put("apiKey", "wrong"),
        new JsonObject().put("apiKey", 7)}) {
      try (BridgeWire w = open()) {
        JsonObject frame = new JsonObject().put("type", "send").put("address", "switchboard.publish")
            .put("body", new JsonObject().put("channel", "x").put("content", 1));
        if (headers != null) {
          frame.put("headers", headers);
        }
        w.write(frame.encode());
        JsonObject err = read(w);
        assertEquals("err", err.getString("type"));
        assertEquals("unauthorized", err.getString("message"));
        assertTrue(w.closedByPeer());
      }
    }
  }

  @Test
  void permissionsAreCheckedOnEveryFrameAndTheConnectionGoesOn() throws Exception {
    try (BridgeWire w = open()) {
      for (JsonObject frame : new JsonObject[] {
          new JsonObject().put("type", "send").put("address", "switchboard.admin.x"),
          new JsonObject().put("type", "publish").put("address", "switchboard.publish"),
          new JsonObject().put("type", "register").put("address", "switchboard.publish"),
          new JsonObject().put("type", "register").put("address", "switchboard.channelx")}) {
        w.write(frame.put("headers", keyed()).put("body", new JsonObject()).encode());
        assertEquals("access_denied", read(w).getString("message"), frame.encode());
      }
      w.write("{not json");
      assertEquals("bad_frame", read(w).getString("message"));
      w.write("[1]");
      assertEquals("bad_frame", read(w).getString("message"));
      w.write(new JsonObject().put("type", "teleport").put("address", "a").encode());
      assertEquals("unknown_type", read(w).getString("message"));
      w.write(new JsonObject().put("type", "send").put("headers", keyed()).encode());
      assertEquals("missing_address", read(w).getString("message"));
      w.write(new JsonObject().put("type", "unregister").put("address", "switchboard.events").put("headers", keyed())
          .encode());
      assertEquals("unknown_address", read(w).getString("message"));
      for (int i = 0; i < 4; i++) {
        w.write(new JsonObject().put("type", "register").put("address", "switchboard.channel.c" + i)
            .put("headers", keyed()).encode());
      }
      assertEquals("too_many_registrations", read(w).getString("message"), "the fourth, over maxRegistrations 3");
      w.write(new JsonObject().put("type", "ping").encode());
      assertEquals("pong", read(w).getString("type"), "refusals do not end the connection");
    }
    assertTrue(node.node().metric("switchboard_bridge_refusals_total{node=\"" + node.node().node.id()
        + "\",reason=\"access_denied\"}") >= 4);
  }

  @Test
  void aLengthOverTheLimitIsRefusedBeforeItsBytesAreSent() throws Exception {
    try (BridgeWire w = open()) {
      w.writeRaw(ByteBuffer.allocate(4).putInt(64 * 1024 * 1024).array());
      JsonObject err = read(w);
      assertEquals("frame_too_large", err.getString("message"));
      assertTrue(w.closedByPeer());
    }
  }

  @Test
  void aFloodIsReadAtTheConfiguredPaceAndAnsweredWhole() throws Exception {
    try (BridgeWire w = open()) {
      byte[] ping = new JsonObject().put("type", "ping").encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ByteBuffer flood = ByteBuffer.allocate(600 * (4 + ping.length));
      for (int i = 0; i < 600; i++) {
        flood.putInt(ping.length).put(ping);
      }
      long start = System.nanoTime();
      w.writeRaw(flood.array());
      for (int i = 0; i < 600; i++) {
        assertEquals("pong", read(w).getString("type"));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      // a burst of 100, then 500 more at 500/s: a second at least, however fast the machine
      assertTrue(seconds >= 0.9, "600 frames read in " + seconds + " s");
    }
  }

  @Test
  void aServiceThatDoesNotReadIsClosedInsteadOfQueuedWithoutEnd() throws Exception {
    String big = "x".repeat(16 * 1024);
    try (BridgeWire w = open()) {
      w.write(new JsonObject().put("type", "register").put("address", "switchboard.events").put("headers", keyed())
          .encode());
      w.write(new JsonObject().put("type", "ping").encode());
      assertEquals("pong", read(w).getString("type"));
      // 16 MB for a reader that reads nothing: far more than the kernel's socket buffers
      String slow = "switchboard_bridge_refusals_total{node=\"" + node.node().node.id() + "\",reason=\"slow_consumer\"}";
      for (int i = 0; i < 20 && node.node().metric(slow) == 0.0; i++) {
        for (int j = 0; j < 50; j++) {
          node.node().node.vertx().eventBus().publish("switchboard.events", new JsonObject().put("filler", big));
        }
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> node.node().metric(slow) >= 1);
      assertTrue(w.closedByPeer());
    }
  }
}
