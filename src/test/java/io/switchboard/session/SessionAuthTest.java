package io.switchboard.session;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.auth.AuthConfig;
import io.switchboard.auth.JwtTokenVerifier;
import io.switchboard.auth.TokenMinter;
import io.switchboard.protocol.CloseCode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Authentication of a session: the first frame, its timeout, the per-user limit, and refresh. */
class SessionAuthTest {
  private SessionHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private static JsonObject auth(String token) {
    return new JsonObject().put("type", "auth").put("token", token);
  }

  @Test
  void anAuthFirstFrameIsAcknowledgedWithTheUserAndItsRef() {
    harness = new SessionHarness();
    FakeTransport client = harness.connect();
    harness.send(client, auth(harness.token("alice")).put("ref", "a1"));
    assertEquals(new JsonObject().put("type", "ack").put("ref", "a1").put("user", "alice"),
        harness.awaitFrame(client, "ack"));
    assertEquals("alice", client.session.identity().userId());
    assertNull(client.closed());
    assertEquals(1, harness.userConnections.users());
  }

  @Test
  void aRealJwtVerifierAcceptsAMintedTokenAndRefusesAForgedOne() {
    String secret = "session-test-secret-0123456789abcdef";
    AuthConfig config = AuthConfig.defaults().withSecret(secret);
    Vertx minterVertx = Vertx.vertx();
    try {
      harness = new SessionHarness(SessionLimits.DEFAULTS, Duration.ofSeconds(10), Duration.ofSeconds(30),
          JwtTokenVerifier.create(minterVertx, config));
      TokenMinter minter = TokenMinter.create(minterVertx, config);
      FakeTransport alice = harness.connect();
      harness.send(alice, auth(minter.mint("alice", Duration.ofMinutes(5), Map.of())));
      assertEquals("alice", harness.awaitFrame(alice, "ack").getString("user"));

      TokenMinter forger = TokenMinter.create(minterVertx, config.withSecret("another-secret-0123456789abcdefghij"));
      FakeTransport mallory = harness.connect();
      harness.send(mallory, auth(forger.mint("alice", Duration.ofMinutes(5), Map.of())));
      assertEquals(CloseCode.UNAUTHORIZED, harness.awaitClose(mallory).code());
    } finally {
      minterVertx.close().await();
    }
  }

  @Test
  void aFirstFrameOtherThanAuthClosesWith4001() {
    harness = new SessionHarness();
    FakeTransport client = harness.connect();
    harness.send(client, new JsonObject().put("type", "subscribe").put("channel", "room"));
    assertEquals(new FakeTransport.Close(CloseCode.UNAUTHORIZED, "Unauthorized"), harness.awaitClose(client));
    assertEquals(List.of(), client.frames, "nothing is served before authentication");
    assertEquals(0, harness.services.sessions().get());
  }

  @Test
  void anUnknownTokenClosesWith4001() {
    harness = new SessionHarness();
    FakeTransport client = harness.connect();
    harness.send(client, auth("forged"));
    assertEquals(CloseCode.UNAUTHORIZED, harness.awaitClose(client).code());
    assertEquals(List.of(), client.frames);
    assertEquals(0, harness.userConnections.users());
  }

  @Test
  void aBinaryFirstFrameClosesWith4001() {
    harness = new SessionHarness();
    FakeTransport client = harness.connect();
    harness.run(() -> client.session.onBinary());
    assertEquals(CloseCode.UNAUTHORIZED, harness.awaitClose(client).code());
  }

  @Test
  void noAuthWithinTheTimeoutIsClosedByTheLoopsSweep() {
    harness = new SessionHarness(SessionLimits.DEFAULTS, Duration.ofMillis(100), Duration.ofSeconds(30));
    FakeTransport authenticated = harness.open("alice"); // before the sweep runs: never at risk of its timeout
    harness.startTimers();
    FakeTransport silent = harness.connect();
    assertEquals(new FakeTransport.Close(CloseCode.UNAUTHORIZED, "Authentication timeout"), harness.awaitClose(silent));
    assertEquals(1, harness.services.sessions().get(), "only the silent session was closed");
    assertNull(authenticated.closed());
    assertEquals(1, harness.onLoop(harness.loop::sessionCount));
  }

  @Test
  void connectionsOverThePerUserLimitAreClosedWith4029() {
    harness = new SessionHarness(new SessionLimits(65_536, 100, 2, 50, 100, 50, 1_048_576, 8192));
    FakeTransport first = harness.open("alice");
    harness.open("alice");
    FakeTransport third = harness.connect();
    harness.send(third, auth(harness.token("alice")));
    assertEquals(new FakeTransport.Close(CloseCode.RATE_LIMITED, "Too many connections for this user"),
        harness.awaitClose(third));
    assertEquals(List.of(), third.framesOfType("ack"), "no ack for a refused connection");
    harness.open("bob"); // the limit is per user

    harness.run(() -> first.session.close(CloseCode.NORMAL, "bye"));
    FakeTransport again = harness.open("alice");
    assertNull(again.closed(), "a closed connection gives its slot back");
  }

  @Test
  void refreshWithTheSameUsersTokenMovesTheExpiry() {
    harness = new SessionHarness();
    FakeTransport client = harness.open("alice");
    Instant later = Instant.now().plus(Duration.ofHours(5));
    harness.send(client, auth(harness.token("alice", later)).put("ref", 2));
    SessionHarness.eventually().until(() -> client.framesOfType("ack").size() == 2);
    assertEquals(new JsonObject().put("type", "ack").put("ref", 2).put("user", "alice"), client.framesOfType("ack").get(1));
    assertEquals(later, harness.onLoop(() -> client.session.identity().expiresAt()));
    assertNull(client.closed());
  }

  @Test
  void refreshWithAnotherUsersTokenClosesWith4003() {
    harness = new SessionHarness();
    FakeTransport client = harness.open("alice");
    harness.send(client, auth(harness.token("mallory")));
    assertEquals(new FakeTransport.Close(CloseCode.FORBIDDEN, "Token is for another user"), harness.awaitClose(client));
    assertEquals(0, harness.userConnections.users());
    assertEquals(0, harness.services.sessions().get());
  }

  @Test
  void refreshWithAnInvalidTokenClosesWith4001() {
    harness = new SessionHarness();
    FakeTransport client = harness.open("alice");
    harness.send(client, auth("forged"));
    assertEquals(CloseCode.UNAUTHORIZED, harness.awaitClose(client).code());
    assertEquals(0, harness.services.sessions().get());
  }

  @Test
  void connectionIdsAreUniqueAndCarryTheNodeId() {
    harness = new SessionHarness();
    String a = harness.connect().session.connectionId();
    String b = harness.connect().session.connectionId();
    assertTrue(a.startsWith("node-1/") && b.startsWith("node-1/"), a + " " + b);
    assertTrue(!a.equals(b));
  }
}
