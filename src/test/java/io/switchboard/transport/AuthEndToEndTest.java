package io.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RunningNode;
import io.switchboard.testing.TestClient;
import io.switchboard.testing.TestNode;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every way a token arrives, and every way it is refused (close 4001), through real sockets. */
class AuthEndToEndTest {
  @RegisterExtension
  static final RunningNode node = new RunningNode("auth.timeout=500ms", "http.allowedOrigins=https://app.example.com",
        "heartbeat.interval=500ms");

  @Test
  void tokenInTheQueryString() {
    try (TestClient c = TestClient.connect(node.client(), node.port(), node.token("q-user"))) {
      c.subscribe("auth-q");
    }
  }

  @Test
  void tokenInTheSubprotocolNextToSwitchboardV1() {
    TestClient c = TestClient.connect(node.client(), node.port(), "/ws",
        List.of("switchboard.v1", "bearer." + node.token("proto-user")));
    try (c) {
      assertEquals("switchboard.v1", c.socket().subProtocol(), "the server never echoes the bearer entry");
      c.subscribe("auth-p");
      c.publish("auth-p", 1);
      assertEquals("proto-user", c.next("message").getString("sender"));
    }
  }

  @Test
  void tokenInTheFirstAuthFrame() {
    try (TestClient c = TestClient.connect(node.client(), node.port(), "/ws", List.of())) {
      c.send(new JsonObject().put("type", "auth").put("token", node.token("frame-user")).put("ref", "a"));
      JsonObject ack = c.next("ack");
      assertEquals("frame-user", ack.getString("user"));
      assertEquals("a", ack.getString("ref"));
      c.subscribe("auth-f");
    }
  }

  @Test
  void anyOtherFirstFrameIsUnauthorized() {
    TestClient c = TestClient.connect(node.client(), node.port(), "/ws", List.of());
    c.send(new JsonObject().put("type", "subscribe").put("channel", "x"));
    assertClosed(c, 4001);
  }

  @Test
  void noAuthFrameWithinTheTimeoutIsUnauthorized() {
    TestClient c = TestClient.connect(node.client(), node.port(), "/ws", List.of());
    TestClient.Closed closed = c.awaitClose();
    assertEquals((short) 4001, closed.code());
  }

  @Test
  void everyBadTokenIsClosedWith4001() {
    String otherKey = hs256("another-secret-another-secret-another-secret", claims("x", 3600));
    String expired = node.token("late", Duration.ofSeconds(-60), Map.of());
    String noExp = hs256(TestNode.SECRET, new JsonObject().put("sub", "forever"));
    String algNone = segment("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + segment(claims("root", 3600).encode().getBytes(StandardCharsets.UTF_8)) + ".";
    String rs256 = rs256(claims("rsa-user", 3600));
    for (String bad : List.of("garbage", "a.b.c", otherKey, expired, noExp, algNone, rs256)) {
      assertClosed(TestClient.connect(node.client(), node.port(), bad), 4001);
      TestClient viaFrame = TestClient.connect(node.client(), node.port(), "/ws", List.of());
      viaFrame.send(new JsonObject().put("type", "auth").put("token", bad));
      assertClosed(viaFrame, 4001);
    }
    assertEquals(0L, node.stats().getLong("userConnections"));
  }

  @Test
  void refreshWithTheSameUserMovesOnAndAnotherUserIsForbidden() {
    try (TestClient c = TestClient.connect(node.client(), node.port(), node.token("refresher"))) {
      c.send(new JsonObject().put("type", "auth").put("token", node.token("refresher")).put("ref", 1));
      assertEquals("refresher", c.next("ack").getString("user"));
      c.send(new JsonObject().put("type", "auth").put("token", node.token("someone-else")));
      assertClosed(c, 4003);
    }
  }

  @Test
  void aTokenThatExpiresDuringTheSessionIsClosed() {
    // exp counts whole seconds: 3 s leaves at least 2 for the connect and the subscribe
    String shortLived = node.token("brief", Duration.ofSeconds(3), Map.of());
    TestClient c = TestClient.connect(node.client(), node.port(), shortLived);
    c.subscribe("brief");
    TestClient.Closed closed = c.awaitClose();
    assertEquals((short) 4001, closed.code());
    assertEquals("Token expired", closed.reason());
  }

  @Test
  void originOutsideTheAllowListIsRefusedAtTheUpgrade() {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port())
        .setURI("/ws?token=" + node.token("o")).addHeader("Origin", "https://evil.example.com");
    Throwable err = node.client().connect(options).map(ws -> (Throwable) null).otherwise(t -> t).await();
    assertTrue(err instanceof UpgradeRejectedException, "rejected: " + err);
    assertEquals(403, ((UpgradeRejectedException) err).getStatus());

    WebSocketConnectOptions allowed = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port())
        .setURI("/ws?token=" + node.token("o")).addHeader("Origin", "https://app.example.com");
    node.client().connect(allowed).await().close().await();
  }

  private static void assertClosed(TestClient c, int code) {
    TestClient.Closed closed = c.awaitClose();
    assertEquals((short) code, closed.code(), "close reason: " + closed.reason());
    if (code == 4001) {
      assertEquals("Unauthorized", closed.reason());
    }
  }

  private static JsonObject claims(String sub, long ttlSeconds) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("sub", sub).put("iat", now).put("exp", now + ttlSeconds);
  }

  private static String segment(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String hs256(String secret, JsonObject payload) {
    try {
      String signingInput = segment("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
          + segment(payload.encode().getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + segment(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A validly signed RS256 token that this HS256-only node has no key for. */
  private static String rs256(JsonObject payload) {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048);
      KeyPair pair = gen.generateKeyPair();
      String signingInput = segment("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
          + segment(payload.encode().getBytes(StandardCharsets.UTF_8));
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(pair.getPrivate());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + segment(signature.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
