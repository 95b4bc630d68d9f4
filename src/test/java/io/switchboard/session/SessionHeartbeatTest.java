package io.switchboard.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.protocol.CloseCode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Server heartbeats: pings, silent peers, token expiry; by direct visits and through the loop's timer. */
class SessionHeartbeatTest {
  private SessionHarness harness;

  @AfterEach
  void stop() {
    harness.close();
  }

  /** A harness whose loop visits every session every 100 ms (ticks of 50 ms, two buckets). */
  private SessionHarness fastHeartbeat() {
    return new SessionHarness(SessionLimits.DEFAULTS, Duration.ofSeconds(10), Duration.ofMillis(100));
  }

  private void visit(FakeTransport client) {
    harness.run(() -> client.session.heartbeat(System.nanoTime(), false));
  }

  @Test
  void aVisitPingsAndTheNextVisitTerminatesAPeerThatStayedSilent() {
    harness = new SessionHarness(); // timers not started: the test makes the visits
    FakeTransport alice = harness.open("alice");
    visit(alice);
    assertEquals(1, alice.pings.get());
    assertEquals(0, alice.terminations.get());
    visit(alice);
    assertEquals(1, alice.terminations.get(), "silent since the previous ping");
    assertEquals(List.of(), alice.closes, "a dead peer is dropped without a closing handshake");
    assertEquals(0, harness.services.sessions().get());
    visit(alice);
    assertEquals(1, alice.pings.get(), "a terminated session is not visited again");
  }

  @Test
  void afterTheLoopWasPausedASilentPeerIsPingedAgainBeforeItIsDropped() {
    harness = new SessionHarness(); // heartbeat 30 s; the test drives the ticks with chosen times
    FakeTransport alice = harness.open("alice");
    long t0 = System.nanoTime();
    long interval = Duration.ofSeconds(30).toNanos();
    long tick = Duration.ofSeconds(1).toNanos(); // 30 buckets, one per tick of 1 s
    harness.run(() -> {
      for (long t = t0; t < t0 + interval; t += tick) {
        harness.loop.sweep(t); // one full round: alice is pinged once
      }
    });
    assertEquals(1, alice.pings.get());
    long woke = t0 + interval + Duration.ofSeconds(45).toNanos(); // the process was frozen for 45 s
    harness.run(() -> {
      for (long t = woke; t < woke + interval; t += tick) {
        harness.loop.sweep(t);
      }
    });
    assertEquals(0, alice.terminations.get(), "its pong may be unread in the socket: no verdict yet");
    assertEquals(2, alice.pings.get());
    harness.run(() -> {
      long after = woke + interval;
      for (long t = after; t < after + interval; t += tick) {
        harness.loop.sweep(t);
      }
    });
    assertEquals(1, alice.terminations.get(), "silent for a whole interval after the pause");
  }

  @Test
  void aPongOrAnyFrameSinceThePingKeepsTheSessionAlive() {
    harness = new SessionHarness();
    FakeTransport alice = harness.open("alice");
    visit(alice);
    harness.run(() -> alice.session.onPong());
    visit(alice);
    harness.send(alice, new JsonObject().put("type", "ping")); // an application frame is a sign of life too
    visit(alice);
    assertEquals(3, alice.pings.get());
    assertEquals(0, alice.terminations.get());
    visit(alice);
    assertEquals(1, alice.terminations.get());
  }

  @Test
  void theLoopTerminatesASilentSession() {
    harness = fastHeartbeat();
    FakeTransport silent = harness.open("silent");
    harness.startTimers();
    SessionHarness.eventually().until(() -> silent.terminations.get() == 1);
    assertTrue(silent.pings.get() >= 1);
    assertEquals(List.of(), silent.closes);
    assertEquals(0, harness.services.sessions().get());
    assertEquals(0, harness.userConnections.users());
  }

  @Test
  void theLoopKeepsASessionThatAnswersEveryPing() {
    harness = fastHeartbeat();
    FakeTransport live = harness.open("live");
    live.answerPings = true;
    FakeTransport unauthenticated = harness.connect();
    harness.startTimers();
    SessionHarness.eventually().until(() -> live.pings.get() >= 4);
    assertEquals(0, live.terminations.get());
    assertEquals(List.of(), live.closes);
    assertEquals(0, unauthenticated.pings.get(), "only authenticated sessions are pinged");
  }

  @Test
  void anExpiredTokenIsClosedWith4001AtTheHeartbeat() {
    harness = fastHeartbeat();
    FakeTransport alice = harness.connect();
    alice.answerPings = true;
    Instant expiresAt = Instant.now().plusMillis(300);
    harness.send(alice, new JsonObject().put("type", "auth").put("token", harness.token("alice", expiresAt)));
    harness.awaitFrame(alice, "ack");
    harness.startTimers();
    FakeTransport.Close close = harness.awaitClose(alice);
    assertEquals(new FakeTransport.Close(CloseCode.UNAUTHORIZED, "Token expired"), close);
    assertTrue(!Instant.now().isBefore(expiresAt), "not closed before the expiry");
    assertEquals(0, alice.terminations.get());
    assertEquals(0, harness.services.sessions().get());
  }

  @Test
  void aRefreshedTokenOutlivesTheOldExpiry() {
    harness = new SessionHarness();
    FakeTransport alice = harness.connect();
    harness.send(alice, new JsonObject().put("type", "auth").put("token", harness.token("alice", Instant.now().minusSeconds(1))));
    harness.awaitFrame(alice, "ack");
    harness.send(alice, new JsonObject().put("type", "auth").put("token", harness.token("alice")));
    SessionHarness.eventually().until(() -> alice.framesOfType("ack").size() == 2);
    visit(alice);
    assertEquals(List.of(), alice.closes);
    assertEquals(1, alice.pings.get());
  }
}
