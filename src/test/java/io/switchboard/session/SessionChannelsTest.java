package io.switchboard.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Subscriptions, deliveries, publishing and queries of an authenticated session. */
class SessionChannelsTest {
  private SessionHarness harness = new SessionHarness(new SessionLimits(65_536, 2, 10, 1_000, 1_000, 50, 1_048_576, 8192));

  @AfterEach
  void stop() {
    harness.close();
  }

  private static JsonObject frame(String type, String channel) {
    return new JsonObject().put("type", type).put("channel", channel);
  }

  private static JsonObject error(String code, String channel, Object ref) {
    return new JsonObject().put("type", "error").put("code", code).put("channel", channel).put("ref", ref);
  }

  /** An error frame without its human message, for comparison. */
  private static JsonObject withoutMessage(JsonObject error) {
    JsonObject copy = error.copy();
    assertTrue(!copy.getString("message", "").isBlank(), "an error explains itself: " + error);
    copy.remove("message");
    return copy;
  }

  private JsonObject lastFrame(FakeTransport client, int expectedCount) {
    SessionHarness.eventually().until(() -> client.frames.size() >= expectedCount);
    return client.frames.get(expectedCount - 1);
  }

  @Test
  void subscribedComesFirstThenDeliveries() {
    FakeTransport alice = harness.open("alice");
    harness.send(alice, frame("subscribe", "quiet:room").put("ref", "s1"));
    harness.awaitFrame(alice, "subscribed");
    harness.publish("quiet:room", new JsonObject().put("text", "hello"));
    harness.awaitFrame(alice, "message");
    assertEquals(List.of(
        new JsonObject().put("type", "ack").put("user", "alice"),
        frame("subscribed", "quiet:room").put("ref", "s1"),
        frame("message", "quiet:room").put("content", new JsonObject().put("text", "hello")).put("sender", "backend")),
        alice.frames);
  }

  @Test
  void aPublicationRacingTheSubscribeNeverPrecedesSubscribed() {
    FakeTransport alice = harness.open("alice");
    harness.run(() -> {
      alice.session.onText(frame("subscribe", "quiet:room").encode());
      harness.publish("quiet:room", "early");
    });
    harness.awaitFrame(alice, "subscribed");
    harness.publish("quiet:room", "late");
    harness.awaitFrame(alice, f -> "late".equals(f.getValue("content")));
    List<String> types = alice.frames.stream().map(f -> f.getString("type")).toList();
    assertEquals("subscribed", types.get(1), "the reply precedes every delivery: " + alice.frames);
  }

  @Test
  void aClientPublicationReachesEverySubscriberWithItsSender() {
    FakeTransport alice = harness.open("alice");
    FakeTransport bob = harness.open("bob");
    harness.subscribe(alice, "room");
    harness.subscribe(bob, "room");
    harness.send(bob, frame("message", "room").put("content", new JsonArray().add(1).add("two")).put("ref", 7));
    JsonObject expected = frame("message", "room").put("content", new JsonArray().add(1).add("two")).put("sender", "bob");
    assertEquals(expected, harness.awaitFrame(alice, "message"));
    assertEquals(expected, harness.awaitFrame(bob, "message"), "the publisher is a subscriber too");
    assertEquals(new JsonObject().put("type", "ack").put("ref", 7), bob.framesOfType("ack").get(1));
  }

  @Test
  void aPublicationWithoutRefIsNotAcknowledged() {
    FakeTransport alice = harness.open("alice");
    harness.subscribe(alice, "room");
    harness.send(alice, frame("message", "room").put("content", "x"));
    harness.awaitFrame(alice, "message");
    assertEquals(1, alice.framesOfType("ack").size(), "only the auth ack");
  }

  @Test
  void unsubscribeStopsDeliveries() {
    FakeTransport alice = harness.open("alice");
    FakeTransport bob = harness.open("bob");
    harness.subscribe(alice, "room");
    harness.subscribe(bob, "room");
    harness.send(alice, frame("unsubscribe", "room").put("ref", "u"));
    assertEquals(frame("unsubscribed", "room").put("ref", "u"), harness.awaitFrame(alice, "unsubscribed"));
    harness.publish("room", "after");
    harness.awaitFrame(bob, "message"); // delivered to bob, so it was fanned out after alice left
    assertEquals(List.of(), alice.framesOfType("message"));
  }

  @Test
  void unsubscribingAChannelNotSubscribedIsAnError() {
    FakeTransport alice = harness.open("alice");
    harness.send(alice, frame("unsubscribe", "elsewhere").put("ref", 3));
    assertEquals(error("not_subscribed", "elsewhere", 3), withoutMessage(harness.awaitFrame(alice, "error")));
    assertNull(alice.closed(), "an error keeps the connection open");
  }

  @Test
  void subscribingTwiceAnswersTwiceAndHoldsOneSubscription() {
    FakeTransport alice = harness.open("alice");
    harness.subscribe(alice, "quiet:room");
    harness.send(alice, frame("subscribe", "quiet:room").put("ref", 2));
    assertEquals(frame("subscribed", "quiet:room").put("ref", 2), lastFrame(alice, 3));
    assertEquals(1, harness.gauges.subscriptions.get());
    harness.publish("quiet:room", "once");
    harness.awaitFrame(alice, "message");
    harness.send(alice, new JsonObject().put("type", "ping"));
    harness.awaitFrame(alice, "pong");
    assertEquals(1, alice.framesOfType("message").size());
  }

  @Test
  void aSecondSubscribeWhileTheFirstIsPendingIsAnsweredOnlyWhenItIsLive() {
    FakeTransport alice = harness.open("alice");
    int before = alice.frames.size();
    // both in one turn of the loop: the first is still registering when the second is handled
    harness.run(() -> {
      alice.session.onText(frame("subscribe", "quiet:pending").put("ref", 1).encode());
      alice.session.onText(frame("subscribe", "quiet:pending").put("ref", 2).encode());
      assertEquals(before, alice.frames.size(), "no answer before the subscription is live");
    });
    assertEquals(frame("subscribed", "quiet:pending").put("ref", 1), lastFrame(alice, before + 1));
    assertEquals(frame("subscribed", "quiet:pending").put("ref", 2), lastFrame(alice, before + 2));
    assertEquals(1, harness.gauges.subscriptions.get());
  }

  @Test
  void tooManySubscriptionsIsAnError() {
    FakeTransport alice = harness.open("alice");
    harness.subscribe(alice, "a");
    harness.subscribe(alice, "b");
    harness.send(alice, frame("subscribe", "c").put("ref", "third"));
    assertEquals(error("too_many_subscriptions", "c", "third"), withoutMessage(harness.awaitFrame(alice, "error")));
    assertEquals(2, harness.gauges.subscriptions.get());
    harness.send(alice, frame("unsubscribe", "a"));
    harness.subscribe(alice, "c");
    assertNull(alice.closed());
  }

  @Test
  void subscribingOutsideTheConfiguredNamespacesIsForbidden() {
    FakeTransport alice = harness.open("alice");
    harness.send(alice, frame("subscribe", "secret:vault").put("ref", 1));
    assertEquals(error("forbidden", "secret:vault", 1), withoutMessage(harness.awaitFrame(alice, "error")));
    assertEquals(0, harness.gauges.loopChannels.get(), "a refused subscribe takes nothing");
    assertEquals(0, harness.router.consumerCount());
  }

  @Test
  void publishingWhereOnlyReadingIsAllowedIsForbidden() {
    FakeTransport alice = harness.open("alice");
    harness.subscribe(alice, "news:today");
    harness.send(alice, frame("message", "news:today").put("content", "spam").put("ref", "p"));
    assertEquals(error("forbidden", "news:today", "p"), withoutMessage(harness.awaitFrame(alice, "error")));
    harness.publish("news:today", "real news");
    assertEquals("real news", harness.awaitFrame(alice, "message").getValue("content"));
    assertEquals(1, alice.framesOfType("message").size(), "the forbidden message went nowhere");
  }

  @Test
  void pingIsAnsweredWithPongAndItsRef() {
    FakeTransport alice = harness.open("alice");
    harness.send(alice, new JsonObject().put("type", "ping").put("ref", new JsonObject().put("n", 1)));
    assertEquals(new JsonObject().put("type", "pong").put("ref", new JsonObject().put("n", 1)),
        harness.awaitFrame(alice, "pong"));
  }

  @Test
  void presenceIsAnnouncedToSubscribersAndCanBeQueried() {
    FakeTransport alice = harness.open("alice");
    FakeTransport bob = harness.open("bob");
    harness.subscribe(alice, "room");
    harness.subscribe(bob, "room");
    harness.awaitFrame(alice, f -> "presence".equals(f.getString("type")) && f.getJsonArray("users").size() == 2);
    harness.send(alice, frame("presence", "room").put("ref", "q"));
    harness.awaitFrame(alice, f -> "q".equals(f.getValue("ref")));
    assertTrue(alice.frames.contains(frame("presence", "room").put("users", new JsonArray().add("alice").add("bob"))
        .put("ref", "q")), alice.frames.toString());
  }

  @Test
  void queriesOfDisabledFeaturesAreUnavailable() {
    FakeTransport alice = harness.open("alice");
    harness.send(alice, frame("presence", "news:today").put("ref", 1));
    harness.send(alice, frame("history", "room").put("ref", 2));
    SessionHarness.eventually().until(() -> alice.framesOfType("error").size() == 2);
    assertEquals(List.of(error("unavailable", "news:today", 1), error("unavailable", "room", 2)),
        alice.framesOfType("error").stream().map(SessionChannelsTest::withoutMessage).toList());
  }

  @Test
  void malformedFramesAreErrorsAndTheConnectionStaysOpen() {
    FakeTransport alice = harness.open("alice");
    harness.send(alice, new JsonObject().put("type", "teleport").put("ref", 1));
    harness.run(() -> alice.session.onText("not json"));
    harness.send(alice, frame("subscribe", "bad name"));
    harness.run(() -> alice.session.onBinary());
    SessionHarness.eventually().until(() -> alice.framesOfType("error").size() == 4);
    assertEquals(List.of("unknown_type", "bad_request", "invalid_channel", "bad_request"),
        alice.framesOfType("error").stream().map(f -> f.getString("code")).toList());
    assertNull(alice.closed());
  }
}
