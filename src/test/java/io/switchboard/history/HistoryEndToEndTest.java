package io.switchboard.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.channel.NodeMailbox;
import io.switchboard.testing.RunningCluster;
import io.switchboard.testing.TestClient;
import io.switchboard.testing.TestNode;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Channels with history on three real nodes in this JVM, with real WebSocket clients: offsets,
 * resume on another node, every {@code recovered: false} cause, history queries from clients and
 * backends, and the order every node restores when the event bus shuffles or loses publications.
 */
class HistoryEndToEndTest {
  static final String NAMESPACES = "namespaces=["
      + "{name: '', subscribe: [authenticated], publish: [authenticated], presence: false},"
      + "{name: feed, subscribe: [authenticated], publish: [authenticated], presence: false,"
      + " history: {size: 50, ttl: 1h, maxRecover: 20}},"
      + "{name: deep, subscribe: [authenticated], publish: [authenticated], presence: false,"
      + " history: {size: 500, ttl: 1h, maxRecover: 200}},"
      + "{name: brief, subscribe: [authenticated], publish: [authenticated], presence: false,"
      + " history: {size: 10, ttl: 1s}}]";

  static final String[] OPTIONS = {NAMESPACES, "streams.gapWait=100ms", "streams.positionCheck=500ms",
      "limits.messagesPerSecond=100000", "limits.messageBurst=100000"};

  @RegisterExtension
  static final RunningCluster running = new RunningCluster(16101, 3, OPTIONS);

  static String channel() {
    return "feed:" + UUID.randomUUID();
  }

  /**
   * A channel whose history holds more than a test publishes (500): where the machine is slow
   * enough that a node fills a gap from history, or a resume misses many, nothing is trimmed yet.
   */
  static String deepChannel() {
    return "deep:" + UUID.randomUUID();
  }

  static JsonObject subscribe(TestClient c, String channel, JsonObject since) {
    JsonObject frame = new JsonObject().put("type", "subscribe").put("channel", channel).put("ref", "s");
    if (since != null) {
      frame.put("since", since);
    }
    c.send(frame);
    return c.until(f -> "s".equals(f.getValue("ref")));
  }

  static JsonObject publish(TestClient c, String channel, Object content) {
    c.send(new JsonObject().put("type", "message").put("channel", channel).put("content", content).put("ref", "p"));
    return c.until(f -> "p".equals(f.getValue("ref")));
  }

  static JsonObject position(String epoch, long offset) {
    return new JsonObject().put("epoch", epoch).put("offset", offset);
  }

  @Test
  void publicationsCarryTheirPlaceAndRepliesTheStreamsPosition() {
    String ch = channel();
    try (TestClient sub = running.connect(0, "sub"); TestClient pub = running.connect(1, "pub")) {
      JsonObject subscribed = subscribe(sub, ch, null);
      assertEquals("subscribed", subscribed.getString("type"));
      assertEquals(0L, subscribed.getLong("offset"));
      assertEquals("", subscribed.getString("epoch"), "no stream yet");
      assertEquals(true, subscribed.getBoolean("recoverable"));
      JsonObject ack = publish(pub, ch, "one");
      assertEquals("ack", ack.getString("type"));
      assertEquals(1L, ack.getLong("offset"), "the ack comes once the publication is stored, with its place");
      String epoch = ack.getString("epoch");
      assertFalse(epoch.isEmpty());
      JsonObject m = sub.next("message");
      assertEquals(new JsonObject().put("type", "message").put("channel", ch).put("content", "one")
          .put("sender", "pub").put("offset", 1L).put("epoch", epoch), m);
      JsonObject again;
      try (TestClient late = running.connect(2, "late")) {
        again = subscribe(late, ch, null);
      }
      assertEquals(position(epoch, 1).put("recoverable", true),
          new JsonObject().put("epoch", again.getString("epoch")).put("offset", again.getLong("offset"))
              .put("recoverable", again.getBoolean("recoverable")));
    }
  }

  @Test
  void channelsWithoutHistoryAreUnchanged() {
    try (TestClient sub = running.connect(0, "sub"); TestClient pub = running.connect(1, "pub")) {
      JsonObject subscribed = subscribe(sub, "plain", null);
      assertEquals(new JsonObject().put("type", "subscribed").put("channel", "plain").put("ref", "s"), subscribed);
      assertEquals(new JsonObject().put("type", "ack").put("ref", "p"), publish(pub, "plain", 1));
      assertEquals(new JsonObject().put("type", "message").put("channel", "plain").put("content", 1).put("sender", "pub"),
          sub.next("message"));
    }
  }

  /**
   * A subscriber drops after 10 publications and resumes on another node while a publisher on a
   * third keeps publishing: it gets every publication after its position exactly once, in order.
   */
  @Test
  void aResumeOnAnotherNodeWhilePublishingContinuesMissesAndRepeatsNothing() throws Exception {
    for (int round = 0; round < 5; round++) {
      resumeWhilePublishing(() -> running.connect(1, "reader"), 0);
    }
  }

  /**
   * The same on a node whose history reads are late: before the read is sent (publications made
   * meanwhile are in what it reads), after its answer (publications made meanwhile arrive live
   * first, and are held), and both; the publisher keeps publishing before, during and after.
   */
  @Test
  void aResumeWithItsHistoryReadLateBeforeAndAfterMissesAndRepeatsNothing() throws Exception {
    DelayedStreams[] delayed = new DelayedStreams[1];
    TestNode slow = running.cluster().startNode(streams -> delayed[0] = new DelayedStreams(streams), OPTIONS);
    try {
      running.cluster().awaitSafe();
      long[][] delays = {{150, 0}, {0, 150}, {80, 80}, {0, 400}, {300, 300}};
      for (long[] delay : delays) {
        delayed[0].beforeRead = delay[0];
        delayed[0].afterRead = delay[1];
        resumeWhilePublishing(() -> TestClient.connect(running.client(), slow.port(), slow.token("reader")), 5);
      }
    } finally {
      slow.close();
    }
  }

  /**
   * A subscriber on node 0 reads 10 publications and drops; a publisher on node 2 publishes 30 more
   * ({@code paceMillis} apart) while the subscriber resumes where {@code resumer} connects it: it
   * gets 11 to 40, each once, in order, and nothing after.
   */
  static void resumeWhilePublishing(Supplier<TestClient> resumer, long paceMillis) throws Exception {
    String ch = deepChannel();
    try (TestClient pub = running.connect(2, "pub")) {
      TestClient first = running.connect(0, "reader");
      subscribe(first, ch, null);
      for (int i = 1; i <= 10; i++) {
        publish(pub, ch, i);
      }
      JsonObject tenth = first.until(f -> Long.valueOf(10).equals(f.getLong("offset")));
      String epoch = tenth.getString("epoch");
      first.abort();
      AtomicBoolean publishing = new AtomicBoolean(true);
      Thread racer = new Thread(() -> {
        for (int i = 11; i <= 40; i++) {
          publish(pub, ch, i);
          pace(paceMillis);
        }
        publishing.set(false);
      });
      racer.start();
      try (TestClient second = resumer.get()) {
        JsonObject answer = subscribe(second, ch, position(epoch, 10));
        assertEquals(true, answer.getBoolean("recovered"), answer.encode());
        racer.join(30_000);
        assertFalse(publishing.get());
        List<Long> offsets = new ArrayList<>();
        while (offsets.isEmpty() || offsets.get(offsets.size() - 1) < 40) {
          JsonObject m = second.next("message");
          assertEquals(epoch, m.getString("epoch"));
          assertEquals(m.getLong("offset").intValue(), m.getInteger("content"));
          offsets.add(m.getLong("offset"));
        }
        List<Long> expected = new ArrayList<>();
        for (long o = 11; o <= 40; o++) {
          expected.add(o);
        }
        assertEquals(expected, offsets, "each missed and live publication once, in order");
        pub.send(new JsonObject().put("type", "ping"));
        pub.until(f -> "pong".equals(f.getString("type")));
        second.send(new JsonObject().put("type", "ping"));
        assertEquals("pong", second.next().getString("type"), "nothing after the last one");
      }
    }
  }

  /** Spreads a test publisher's publications over time (load shaping, not a wait for a condition). */
  private static void pace(long millis) {
    if (millis > 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(millis * 1_000_000);
    }
  }

  @Test
  void recoveredIsFalseForEachCauseWithTheCurrentPosition() {
    String ch = channel();
    try (TestClient pub = running.connect(0, "pub")) {
      String epoch = null;
      for (int i = 1; i <= 60; i++) {
        epoch = publish(pub, ch, i).getString("epoch");
      }
      try (TestClient c = running.connect(1, "c")) {
        JsonObject top = subscribe(c, ch, position(epoch, 60));
        assertEquals(true, top.getBoolean("recovered"), "since equal to the top: nothing missed");
        assertEquals(60L, top.getLong("offset"));
      }
      try (TestClient c = running.connect(1, "c")) {
        JsonObject near = subscribe(c, ch, position(epoch, 45));
        assertEquals(true, near.getBoolean("recovered"));
        for (int i = 46; i <= 60; i++) {
          assertEquals(i, c.next("message").getInteger("content"));
        }
      }
      JsonObject[] causes = {
          position("another-epoch", 55), // the stream's history was lost since
          position(epoch, 5), // trimmed: the channel keeps 50
          position(epoch, 30), // 30 missed, more than maxRecover (20)
          position(epoch, 99), // beyond the top
      };
      for (JsonObject since : causes) {
        try (TestClient c = running.connect(2, "c")) {
          JsonObject answer = subscribe(c, ch, since);
          assertEquals(false, answer.getBoolean("recovered"), since.encode());
          assertEquals(epoch, answer.getString("epoch"), "the current position, to reload from");
          assertEquals(60L, answer.getLong("offset"));
          c.send(new JsonObject().put("type", "ping"));
          assertEquals("pong", c.next().getString("type"), "nothing replayed");
        }
      }
    }
  }

  /**
   * Publications live for the ttl, the position for metaTtl: once they expired, a resume that
   * missed nothing is still {@code recovered: true}, and one that missed an expired one is not.
   */
  @Test
  void aResumeWithNothingMissedStaysRecoveredAfterTheTtlExpired() {
    String ch = "brief:" + UUID.randomUUID();
    try (TestClient pub = running.connect(0, "pub"); TestClient reader = running.connect(1, "reader")) {
      String epoch = publish(pub, ch, "soon gone").getString("epoch");
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
        reader.send(new JsonObject().put("type", "history").put("channel", ch).put("ref", "h"));
        return reader.until(f -> "h".equals(f.getValue("ref"))).getJsonArray("publications").isEmpty();
      });
      JsonObject nothingMissed = subscribe(reader, ch, position(epoch, 1));
      assertEquals(true, nothingMissed.getBoolean("recovered"), nothingMissed.encode());
      assertEquals(1L, nothingMissed.getLong("offset"));
      reader.send(new JsonObject().put("type", "unsubscribe").put("channel", ch).put("ref", "u"));
      reader.until(f -> "u".equals(f.getValue("ref")));
      JsonObject missedOne = subscribe(reader, ch, position(epoch, 0));
      assertEquals(false, missedOne.getBoolean("recovered"), "the one it missed expired: " + missedOne.encode());
      assertEquals(1L, missedOne.getLong("offset"));
      assertEquals(epoch, missedOne.getString("epoch"));
    }
  }

  @Test
  void historyQueriesFromClientsAndBackends() throws Exception {
    String ch = channel();
    var bus = running.node(0).node.vertx().eventBus();
    JsonObject reply = bus.<JsonObject>request("switchboard.publish",
        new JsonObject().put("channel", ch).put("content", new JsonObject().put("n", 1)).put("idempotencyKey", "k1"))
        .await().body();
    assertEquals(1L, reply.getLong("offset"));
    String epoch = reply.getString("epoch");
    JsonObject retried = bus.<JsonObject>request("switchboard.publish",
        new JsonObject().put("channel", ch).put("content", new JsonObject().put("n", 1)).put("idempotencyKey", "k1"))
        .await().body();
    assertEquals(reply, retried, "a retry gets the first answer");
    try (TestClient c = running.connect(1, "c")) {
      for (int i = 2; i <= 5; i++) {
        publish(c, ch, i);
      }
      c.send(new JsonObject().put("type", "history").put("channel", ch).put("limit", 3).put("ref", "h"));
      JsonObject latest = c.until(f -> "h".equals(f.getValue("ref")));
      assertEquals(List.of(3L, 4L, 5L), offsets(latest), "the latest, oldest first");
      assertEquals(epoch, latest.getString("epoch"));
      assertEquals(5L, latest.getLong("offset"));
      c.send(new JsonObject().put("type", "history").put("channel", ch).put("since", position(epoch, 1))
          .put("limit", 2).put("ref", "h2"));
      JsonObject after = c.until(f -> "h2".equals(f.getValue("ref")));
      assertEquals(List.of(2L, 3L), offsets(after));
      assertEquals(true, after.getBoolean("complete"));
      c.send(new JsonObject().put("type", "history").put("channel", ch).put("reverse", true).put("limit", 2).put("ref", "h3"));
      assertEquals(List.of(5L, 4L), offsets(c.until(f -> "h3".equals(f.getValue("ref")))));
      c.send(new JsonObject().put("type", "history").put("channel", "plain").put("ref", "h4"));
      assertEquals("unavailable", c.until(f -> "h4".equals(f.getValue("ref"))).getString("code"));
    }
    JsonObject fromBackend = bus.<JsonObject>request("switchboard.history",
        new JsonObject().put("channel", ch).put("limit", 10)).await().body();
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), offsets(fromBackend));
    assertEquals(new JsonObject().put("n", 1), fromBackend.getJsonArray("publications").getJsonObject(0).getValue("content"));
    ReplyException refused = org.junit.jupiter.api.Assertions.assertThrows(ReplyException.class, () ->
        bus.request("switchboard.publish", new JsonObject().put("channel", "plain").put("content", 1)
            .put("idempotencyKey", "k")).await());
    assertEquals(400, refused.failureCode());
  }

  /**
   * Publishers on three nodes into one channel while node 1's event bus hands channel frames over
   * late and in a shuffled order: every subscriber, on every node, receives contiguous offsets.
   */
  @Test
  void publishersOnThreeNodesThroughAShuffledEventBusYieldContiguousOffsetsEverywhere() {
    String ch = deepChannel();
    running.cluster().node(1).node.vertx().eventBus().addInboundInterceptor(ctx -> {
      if (ch.equals(NodeMailbox.channelOf(ctx.message().body()))) {
        running.cluster().node(1).node.vertx().setTimer(1 + ThreadLocalRandom.current().nextInt(40), t -> ctx.next());
      } else {
        ctx.next();
      }
    });
    List<TestClient> subs = new ArrayList<>();
    List<TestClient> pubs = new ArrayList<>();
    try {
      for (int n = 0; n < 3; n++) {
        TestClient s = running.connect(n, "s" + n);
        subscribe(s, ch, null);
        subs.add(s);
        pubs.add(running.connect(n, "p" + n));
      }
      int each = 60;
      for (int i = 0; i < each; i++) {
        for (TestClient p : pubs) {
          p.publish(ch, i);
        }
      }
      for (TestClient s : subs) {
        String epoch = null;
        for (long o = 1; o <= 3L * each; o++) {
          JsonObject m = s.next("message");
          assertEquals(o, m.getLong("offset"), "contiguous, in order");
          if (epoch == null) {
            epoch = m.getString("epoch");
          }
          assertEquals(epoch, m.getString("epoch"));
        }
      }
    } finally {
      subs.forEach(TestClient::close);
      pubs.forEach(TestClient::close);
    }
  }

  /** The event bus loses the last publication on its way to node 2: the position check finds it. */
  @Test
  void aLostLastPublicationIsFoundByThePositionCheck() {
    String ch = channel();
    AtomicBoolean dropped = new AtomicBoolean();
    running.cluster().node(2).node.vertx().eventBus().addInboundInterceptor(ctx -> {
      if (ch.equals(NodeMailbox.channelOf(ctx.message().body()))
          && ctx.message().body().toString().contains("\"lost\"") && dropped.compareAndSet(false, true)) {
        return; // not delivered
      }
      ctx.next();
    });
    try (TestClient sub = running.connect(2, "sub"); TestClient pub = running.connect(0, "pub")) {
      subscribe(sub, ch, null);
      publish(pub, ch, "kept");
      assertEquals("kept", sub.next("message").getString("content"));
      publish(pub, ch, "lost");
      JsonObject found = sub.next("message");
      assertTrue(dropped.get(), "the event bus did lose it");
      assertEquals("lost", found.getString("content"));
      assertEquals(2L, found.getLong("offset"));
    }
  }

  /**
   * Sessions that close, or unsubscribe, while their recovery's history read is in flight (and
   * while publications keep arriving) leave nothing behind: node 1's counts go back to zero.
   */
  @Test
  void closingOrUnsubscribingDuringARecoveryReleasesEverything() {
    String ch = channel();
    try (TestClient pub = running.connect(0, "pub")) {
      String epoch = publish(pub, ch, 0).getString("epoch");
      for (int i = 0; i < 20; i++) {
        TestClient c = running.connect(1, "r" + i);
        c.send(new JsonObject().put("type", "subscribe").put("channel", ch).put("since", position(epoch, 0)));
        pub.publish(ch, i);
        if (i % 2 == 0) {
          c.send(new JsonObject().put("type", "unsubscribe").put("channel", ch));
          c.until(f -> "unsubscribed".equals(f.getString("type")) || "not_subscribed".equals(f.getString("code")));
        }
        c.abort();
      }
    }
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
      JsonObject stats = running.node(1).stats();
      assertEquals(0L, stats.getLong("sessions"), stats.encode());
      assertEquals(0L, stats.getLong("subscriptions"), stats.encode());
      assertEquals(0L, stats.getLong("channels"), stats.encode());
      assertEquals(0L, stats.getLong("consumers"), stats.encode());
    });
  }

  static List<Long> offsets(JsonObject history) {
    List<Long> out = new ArrayList<>();
    for (Object p : history.getJsonArray("publications")) {
      out.add(((JsonObject) p).getLong("offset"));
    }
    return out;
  }

  @Test
  void epochsDiffer() {
    String a = publishOnce(channel());
    String b = publishOnce(channel());
    assertNotEquals(a, b, "each stream has an epoch of its own");
  }

  private String publishOnce(String ch) {
    try (TestClient pub = running.connect(0, "pub")) {
      return publish(pub, ch, 1).getString("epoch");
    }
  }
}
