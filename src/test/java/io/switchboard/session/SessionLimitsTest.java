package io.switchboard.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.protocol.CloseCode;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The limits that end a connection: inbound rate, outbound backlog, message size. */
class SessionLimitsTest {
  private SessionHarness harness;

  @AfterEach
  void stop() {
    harness.close();
  }

  private static JsonObject ping() {
    return new JsonObject().put("type", "ping");
  }

  @Test
  void framesOverTheRateAreRejectedThenTheConnectionIsClosedWith4029() {
    // 1 frame/s, burst 1: the auth frame takes the only token; the third rejection closes.
    harness = new SessionHarness(new SessionLimits(65_536, 100, 10, 1, 1, 3, 1_048_576, 8192));
    FakeTransport alice = harness.open("alice");
    int before = alice.frames.size();
    harness.run(() -> {
      for (int i = 0; i < 10; i++) {
        alice.session.onText(ping().encode()); // within microseconds: at most one token refills
      }
    });
    assertEquals(new FakeTransport.Close(CloseCode.RATE_LIMITED, "Rate limit exceeded"), harness.awaitClose(alice));
    List<JsonObject> answers = alice.frames.subList(before, alice.frames.size());
    List<String> types = answers.stream().map(f -> f.getString("type")).toList();
    assertTrue(types.equals(List.of("error", "error")) || types.equals(List.of("pong", "error", "error")),
        "pongs while tokens last, then two rejections, then the close: " + answers);
    for (JsonObject error : alice.framesOfType("error")) {
      assertEquals("rate_limited", error.getString("code"));
    }
    assertEquals(0, harness.services.sessions().get());
    assertEquals(0, harness.userConnections.users());
  }

  @Test
  void aSenderWithinItsBurstIsNotLimited() {
    harness = new SessionHarness(new SessionLimits(65_536, 100, 10, 1, 20, 3, 1_048_576, 8192));
    FakeTransport alice = harness.open("alice");
    harness.run(() -> {
      for (int i = 0; i < 19; i++) {
        alice.session.onText(ping().encode());
      }
    });
    SessionHarness.eventually().until(() -> alice.framesOfType("pong").size() == 19);
    assertEquals(List.of(), alice.framesOfType("error"));
    assertEquals(List.of(), alice.closes);
  }

  @Test
  void aReaderThatFallsBehindIsClosedWith4008AndNothingMoreIsWritten() {
    int maxPendingBytes = 1024;
    harness = new SessionHarness(new SessionLimits(65_536, 100, 10, 1_000, 1_000, 50, maxPendingBytes, 8192));
    FakeTransport slow = harness.open("slow");
    FakeTransport fast = harness.open("fast");
    harness.subscribe(slow, "quiet:flood");
    harness.subscribe(fast, "quiet:flood");
    int framesBefore = slow.frames.size();
    long bytesBefore = slow.writtenBytes.get();
    slow.holdWrites = true;

    String payload = "x".repeat(200); // about 260 bytes per frame: the fourth one passes 1024
    for (int i = 0; i < 10; i++) {
      harness.publish("quiet:flood", payload + i);
    }
    FakeTransport.Close close = harness.awaitClose(slow);
    assertEquals(CloseCode.SLOW_CONSUMER, close.code());
    assertTrue(close.reason().startsWith("Slow consumer"), close.reason());
    SessionHarness.eventually().until(() -> fast.framesOfType("message").size() == 10);

    int heldFrames = slow.frames.size() - framesBefore;
    long heldBytes = slow.writtenBytes.get() - bytesBefore;
    assertEquals(3, heldFrames, "frames accepted while the backlog fitted");
    assertEquals(heldFrames, slow.heldWriteCount());
    assertTrue(heldBytes <= maxPendingBytes, heldBytes + " bytes held, limit " + maxPendingBytes);

    harness.run(slow::completeHeldWrites); // the peer reads at last: too late
    harness.publish("quiet:flood", "after the close");
    harness.awaitFrame(fast, f -> "after the close".equals(f.getValue("content")));
    assertEquals(framesBefore + heldFrames, slow.frames.size(), "nothing is written after the close");
    assertEquals(1, harness.gauges.subscriptions.get(), "only the fast reader is subscribed");
    assertEquals(1, harness.services.sessions().get());
  }

  @Test
  void writesThatCompleteGiveTheirBytesBack() {
    harness = new SessionHarness(new SessionLimits(65_536, 100, 10, 1_000, 1_000, 50, 1024, 8192));
    FakeTransport alice = harness.open("alice");
    harness.subscribe(alice, "quiet:room");
    assertEquals(0L, harness.onLoop(alice.session::pendingBytes));
    alice.holdWrites = true;
    harness.publish("quiet:room", "x".repeat(300));
    harness.awaitFrame(alice, "message");
    assertTrue(harness.onLoop(alice.session::pendingBytes) > 300);
    harness.run(alice::completeHeldWrites);
    assertEquals(0L, harness.onLoop(alice.session::pendingBytes));
    for (int i = 0; i < 20; i++) { // 20 x 300 bytes pass through a 1024-byte budget when each is read
      harness.publish("quiet:room", "x".repeat(300));
    }
    SessionHarness.eventually().until(() -> alice.framesOfType("message").size() == 21);
    assertEquals(List.of(), alice.closes);
  }

  @Test
  void aMessageOverTheSizeLimitClosesWith1009() {
    harness = new SessionHarness(new SessionLimits(4096, 100, 10, 50, 100, 50, 1_048_576, 8192));
    FakeTransport alice = harness.open("alice");
    harness.run(() -> alice.session.onTooLarge());
    FakeTransport.Close close = harness.awaitClose(alice);
    assertEquals(CloseCode.MESSAGE_TOO_BIG, close.code());
    assertTrue(close.reason().contains("4096"), close.reason());
    assertEquals(0, harness.services.sessions().get());
  }

  @Test
  void controlFramesShareTheRateLimitAndSustainedOnesClose4029() {
    harness = new SessionHarness(new SessionLimits(65_536, 100, 10, 1, 2, 3, 1_048_576, 8192));
    FakeTransport alice = harness.open("alice"); // the auth frame took one of the two tokens
    assertTrue(harness.onLoop(() -> alice.session.admitFrame(false)));
    assertFalse(harness.onLoop(() -> alice.session.admitFrame(false)), "a ping over the rate is dropped");
    assertTrue(alice.framesOfType("error").isEmpty(), "silently: no answer to a control frame");
    assertFalse(harness.onLoop(() -> alice.session.admitFrame(true)));
    assertEquals("rate_limited", harness.awaitFrame(alice, "error").getString("code"), "a dropped fragment says so");
    assertFalse(harness.onLoop(() -> alice.session.admitFrame(false)));
    assertEquals(CloseCode.RATE_LIMITED, harness.awaitClose(alice).code());
    assertEquals(2, harness.services.counters().droppedFrames());
  }

  @Test
  void beforeAuthenticationTheOutboundBudgetIsTheSmallOne() {
    harness = new SessionHarness(new SessionLimits(65_536, 100, 10, 1_000, 1_000, 50, 1_048_576, 2048));
    FakeTransport stranger = harness.connect();
    stranger.holdWrites = true;
    assertTrue(harness.onLoop(() -> stranger.session.reserve(2048)));
    assertFalse(harness.onLoop(() -> stranger.session.reserve(2049)));
    assertEquals(CloseCode.SLOW_CONSUMER, harness.awaitClose(stranger).code());
    FakeTransport alice = harness.open("alice");
    assertTrue(harness.onLoop(() -> alice.session.reserve(100_000)), "authenticated: maxPendingBytes");
  }
}
