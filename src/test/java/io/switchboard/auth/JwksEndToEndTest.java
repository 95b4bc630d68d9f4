package io.switchboard.auth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.switchboard.testing.RunningNode;
import io.switchboard.testing.TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code auth.jwt.jwksUrl} against a real node and a key set served over HTTP, as an identity
 * provider serves it: a token names its key by {@code kid}; a key rotated in is fetched, one rotated
 * out is refused; made-up key ids cannot make the node fetch more than once per interval; a key set
 * that cannot be fetched keeps the keys held.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwksEndToEndTest {
  static final KeyPair RSA = Jwts.rsa(2048);
  static final KeyPair EC = Jwts.ec("secp256r1");
  static final AtomicReference<JsonObject> served = new AtomicReference<>(keySet(rsaJwk(RSA, "k1")));
  static final AtomicBoolean failing = new AtomicBoolean();
  static final AtomicInteger fetches = new AtomicInteger();
  static final HttpServer provider = serve();

  @RegisterExtension
  static final RunningNode node = new RunningNode(
      "auth.jwt.jwksUrl=http://127.0.0.1:" + provider.getAddress().getPort() + "/.well-known/jwks.json",
      "auth.jwt.jwksMinInterval=1s",
      // this test refuses tokens on purpose, from one address: not a storm to defend against here
      "sources.authFailuresPerSecond=1000", "sources.authFailureBurst=1000");

  private static HttpServer serve() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/.well-known/jwks.json", exchange -> {
        fetches.incrementAndGet();
        byte[] body = served.get().encode().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(failing.get() ? 500 : 200, failing.get() ? -1 : body.length);
        if (!failing.get()) {
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        }
        exchange.close();
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stopProvider() {
    provider.stop(0);
  }

  static JsonObject keySet(JsonObject... keys) {
    return new JsonObject().put("keys", new JsonArray(Arrays.asList((Object[]) keys)));
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** An unsigned big-endian integer of exactly {@code size} bytes (JWK coordinates are fixed-size). */
  static byte[] unsigned(BigInteger value, int size) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[size];
    int copy = Math.min(raw.length, size);
    System.arraycopy(raw, raw.length - copy, out, size - copy, copy);
    return out;
  }

  static JsonObject rsaJwk(KeyPair pair, String kid) {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig").put("alg", "RS256")
        .put("n", b64(unsigned(key.getModulus(), (key.getModulus().bitLength() + 7) / 8)))
        .put("e", b64(key.getPublicExponent().toByteArray()));
  }

  static JsonObject ecJwk(KeyPair pair, String kid) {
    ECPublicKey key = (ECPublicKey) pair.getPublic();
    return new JsonObject().put("kty", "EC").put("kid", kid).put("crv", "P-256") // no alg: ES256 from the curve
        .put("x", b64(unsigned(key.getW().getAffineX(), 32))).put("y", b64(unsigned(key.getW().getAffineY(), 32)));
  }

  static String token(String alg, String kid, KeyPair pair, String user) {
    long now = System.currentTimeMillis() / 1000;
    return Jwts.sign(Jwts.header(alg).put("kid", kid), pair.getPrivate(),
        new JsonObject().put("sub", user).put("iat", now).put("exp", now + 3600));
  }

  /** Whether the node accepts the token: the socket answers a ping, or is closed with 4001. */
  static boolean accepted(String token) {
    TestClient c = TestClient.connect(node.client(), node.port(), token);
    try {
      try {
        c.send(new JsonObject().put("type", "ping").put("ref", "p"));
      } catch (AssertionError | RuntimeException closedAlready) {
        // refused before the ping went out: the close says how
      }
      for (int i = 0; i < 100; i++) {
        if (c.poll(100).stream().anyMatch(f -> "pong".equals(f.getString("type")))) {
          return true;
        }
        if (c.isClosed()) {
          assertEquals(4001, (int) c.awaitClose().code());
          return false;
        }
      }
      throw new AssertionError("neither a pong nor a close within 10 s");
    } finally {
      c.close();
    }
  }

  @Test
  @Order(1)
  void aTokenSignedWithAKeyOfTheSetIsAccepted() {
    await().atMost(Duration.ofSeconds(10)).until(() -> fetches.get() >= 1); // fetched at start
    assertTrue(accepted(token("RS256", "k1", RSA, "alice")));
    assertTrue(accepted(node.token("bob")), "a token of the node's own secret, without kid, still works");
  }

  @Test
  @Order(2)
  void aKeyRotatedInIsFetchedAndTheKeyRotatedOutIsRefused() {
    served.set(keySet(ecJwk(EC, "k2")));
    String rotatedIn = token("ES256", "k2", EC, "carol");
    // a fetch for an unknown kid waits out jwksMinInterval (1 s) since the last one
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> accepted(rotatedIn));
    assertEquals(false, accepted(token("RS256", "k1", RSA, "alice")), "k1 left the set with the rotation");
  }

  @Test
  @Order(3)
  void madeUpKeyIdsFetchTheSetAtMostOncePerInterval() {
    int before = fetches.get();
    long start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      assertEquals(false, accepted(token("ES256", "made-up-" + i, EC, "mallory")));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int fetched = fetches.get() - before;
    assertTrue(fetched <= 2 + (int) seconds, fetched + " fetches in " + seconds + " s for 20 made-up key ids");
  }

  @Test
  @Order(4)
  void aKeySetThatCannotBeFetchedKeepsTheKeysHeld() {
    failing.set(true);
    int before = fetches.get();
    String unknown = token("ES256", "unknown", EC, "mallory");
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
      accepted(unknown);
      return fetches.get() > before; // the provider was asked, and answered 500
    });
    assertTrue(accepted(token("ES256", "k2", EC, "carol")), "the keys held still serve");
    failing.set(false);
  }
}
