package io.switchboard.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.protocol.CloseCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Session#close} is the one idempotent exit, and it gives back everything a session holds. */
class SessionReleaseTest {
  private final SessionHarness harness = new SessionHarness();

  @AfterEach
  void stop() {
    harness.close();
  }

  /** Every count a session contributes to is back to zero. */
  private void assertNothingHeld() {
    assertEquals(0, harness.gauges.subscriptions.get(), "subscriptions");
    assertEquals(0, harness.gauges.loopChannels.get(), "loop channels");
    assertEquals(0, harness.router.consumerCount(), "event-bus consumers");
    assertEquals(0, harness.presence.localEntries(), "presence entries");
    assertEquals(0, harness.userConnections.users(), "users with connections");
    assertEquals(0, harness.services.sessions().get(), "sessions");
    assertEquals(0, harness.onLoop(harness.loop::sessionCount), "sessions of the loop");
    assertEquals(0, harness.onLoop(harness.index::channelCount), "channels of the loop index");
  }

  private FakeTransport openWithSubscriptions(String user) {
    FakeTransport client = harness.open(user);
    harness.subscribe(client, "room");
    harness.subscribe(client, "quiet:a");
    harness.subscribe(client, "news:b");
    return client;
  }

  @Test
  void closeIsIdempotentAndReleasesEverything() {
    FakeTransport alice = openWithSubscriptions("alice");
    FakeTransport bob = openWithSubscriptions("bob");
    assertEquals(6, harness.gauges.subscriptions.get());
    assertEquals(3, harness.router.consumerCount());
    assertEquals(2, harness.presence.localEntries(), "presence is tracked on 'room' only");

    harness.run(() -> {
      alice.session.close(CloseCode.NORMAL, "bye");
      alice.session.close(CloseCode.INTERNAL_ERROR, "again");
      alice.session.terminate();
      alice.session.onTransportClosed();
    });
    assertEquals(List.of(new FakeTransport.Close(CloseCode.NORMAL, "bye")), alice.closes);
    assertEquals(0, alice.terminations.get());
    assertEquals(3, harness.gauges.subscriptions.get(), "bob's remain");
    assertEquals(1, harness.services.sessions().get());

    harness.run(() -> bob.session.close(CloseCode.NORMAL, "bye"));
    assertNothingHeld();
  }

  @Test
  void theLeaveOfAClosedSessionIsAnnounced() {
    FakeTransport alice = harness.open("alice");
    FakeTransport bob = harness.open("bob");
    harness.subscribe(alice, "room");
    harness.subscribe(bob, "room");
    harness.awaitFrame(bob, f -> "presence".equals(f.getString("type")) && f.getJsonArray("users").size() == 2);
    harness.run(() -> alice.session.close(CloseCode.NORMAL, "bye"));
    harness.awaitFrame(bob, f -> new JsonArray().add("bob").equals(f.getJsonArray("users")));
  }

  @Test
  void aPeerThatGoesAwayReleasesEverythingWithoutACloseFrame() {
    FakeTransport alice = openWithSubscriptions("alice");
    harness.run(() -> alice.session.onTransportClosed());
    assertEquals(List.of(), alice.closes);
    assertNothingHeld();
  }

  @Test
  void terminateReleasesEverything() {
    FakeTransport alice = openWithSubscriptions("alice");
    harness.run(() -> {
      alice.session.terminate();
      alice.session.terminate();
      alice.session.close(CloseCode.NORMAL, "late");
    });
    assertEquals(1, alice.terminations.get());
    assertEquals(List.of(), alice.closes);
    assertNothingHeld();
  }

  @Test
  void closingBeforeAuthenticationReleasesEverything() {
    FakeTransport anonymous = harness.connect();
    assertEquals(1, harness.services.sessions().get());
    harness.run(() -> anonymous.session.close(CloseCode.GOING_AWAY, "draining"));
    assertNothingHeld();
  }

  @Test
  void aSessionClosedInTheTaskOfItsSubscribeKeepsNothingOfIt() {
    // On the local event bus the consumer is registered at once; whether the subscribe completed
    // before the close or not, the close gives it back.
    FakeTransport alice = harness.open("alice");
    harness.run(() -> {
      alice.session.onText(new JsonObject().put("type", "subscribe").put("channel", "room").encode());
      alice.session.close(CloseCode.NORMAL, "bye");
    });
    FakeTransport bob = harness.open("bob");
    harness.subscribe(bob, "room");
    assertEquals(1, harness.gauges.subscriptions.get(), "bob's only");
    assertEquals(1, harness.presence.localEntries(), "bob's only");
    harness.run(() -> bob.session.close(CloseCode.NORMAL, "bye"));
    assertNothingHeld();
  }

  @Test
  void aClosedSessionIgnoresEverythingItIsGiven() {
    FakeTransport alice = openWithSubscriptions("alice");
    int[] framesAtClose = new int[1];
    harness.run(() -> {
      // counted on the loop, in the close's task: a presence announcement may still arrive before it
      framesAtClose[0] = alice.frames.size();
      alice.session.close(CloseCode.NORMAL, "bye");
      alice.session.onText(new JsonObject().put("type", "ping").encode());
      alice.session.onBinary();
      alice.session.onTooLarge();
    });
    harness.publish("quiet:a", "after");
    harness.run(() -> alice.session.heartbeat(System.nanoTime(), false));
    assertEquals(framesAtClose[0], alice.frames.size());
    assertEquals(0, alice.pings.get());
    assertEquals(1, alice.closes.size());
    assertNothingHeld();
  }

  @Test
  void stoppingTheLoopClosesEverySessionWithTheGivenCode() {
    FakeTransport alice = openWithSubscriptions("alice");
    FakeTransport anonymous = harness.connect();
    harness.run(() -> harness.loop.stop(CloseCode.GOING_AWAY, "draining"));
    assertEquals(List.of(new FakeTransport.Close(CloseCode.GOING_AWAY, "draining")), alice.closes);
    assertEquals(List.of(new FakeTransport.Close(CloseCode.GOING_AWAY, "draining")), anonymous.closes);
    assertNothingHeld();
  }

  @Test
  void manySessionsOpenedAndClosedLeaveNothingBehind() {
    List<FakeTransport> clients = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      FakeTransport client = harness.open("user-" + (i % 4));
      harness.subscribe(client, "room");
      harness.subscribe(client, "quiet:" + (i % 3));
      clients.add(client);
    }
    assertEquals(4, harness.presence.userCount("room").result());
    for (FakeTransport client : clients) {
      harness.run(() -> client.session.close(CloseCode.NORMAL, "bye"));
    }
    assertNothingHeld();
    SessionHarness.eventually().until(() -> harness.announcer.pendingChannels() == 0);
  }
}
