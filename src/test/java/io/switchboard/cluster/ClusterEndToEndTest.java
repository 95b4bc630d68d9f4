package io.switchboard.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.channel.NodeMailbox;
import io.switchboard.channel.NodeRouting;
import io.switchboard.interest.InterestKeys;
import io.switchboard.testing.RunningCluster;
import io.switchboard.testing.TestClient;
import io.switchboard.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Three real nodes of one cluster in this JVM, and real WebSocket clients on each. */
class ClusterEndToEndTest {
  @RegisterExtension
  static final RunningCluster running = new RunningCluster(15801, 3, "limits.messagesPerSecond=100000", "limits.messageBurst=100000");

  @Test
  void aPublicationReachesEverySubscriberOnEveryNodeOnceAndInOrder() {
    AtomicInteger seenByIdleNode = new AtomicInteger();
    running.cluster().node(2).node.vertx().eventBus().addInboundInterceptor(ctx -> {
      if ("orders".equals(NodeMailbox.channelOf(ctx.message().body()))) {
        seenByIdleNode.incrementAndGet();
      }
      ctx.next();
    });
    try (TestClient s0 = running.connect(0, "s0"); TestClient s0b = running.connect(0, "s0b"); TestClient s1 = running.connect(1, "s1");
         TestClient publisher = running.connect(2, "pub")) {
      s0.subscribe("orders");
      s0b.subscribe("orders");
      s1.subscribe("orders");
      for (int i = 0; i < 300; i++) {
        publisher.publish("orders", i);
      }
      for (TestClient s : List.of(s0, s0b, s1)) {
        for (int i = 0; i < 300; i++) {
          JsonObject m = s.next("message");
          assertEquals(i, m.getInteger("content"), "in the publisher's order, none lost");
          assertEquals("pub", m.getString("sender"));
        }
      }
      publisher.send(new JsonObject().put("type", "ping"));
      publisher.next("pong");
      s1.send(new JsonObject().put("type", "ping"));
      assertEquals("pong", s1.next("pong").getString("type"), "no duplicate after the 300");
      assertEquals(0, seenByIdleNode.get(), "a node without subscribers (the publisher's) receives nothing");
    }
  }

  /**
   * Issue 9, item 6: {@code subscribed} is truthful on a channel without history too. Node 0 already
   * routes the channel (a subscriber there, and a publication sent, so its event bus has looked the
   * channel's nodes up); a client on node 1 subscribes, and the moment its {@code subscribed}
   * arrives a client on node 0 publishes: the new subscriber receives it, every time.
   */
  @Test
  void everyPublicationAfterSubscribedReachesTheNewSubscriberFromANodeThatAlreadyRoutesTheChannel() {
    try (TestClient watcher = running.connect(0, "watcher"); TestClient publisher = running.connect(0, "publisher")) {
      for (int round = 0; round < 40; round++) {
        String channel = "truthful-" + round;
        watcher.subscribe(channel);
        publisher.publish(channel, "warm");
        assertEquals("warm", watcher.next("message").getString("content"));
        try (TestClient late = running.connect(1 + round % 2, "late-" + round)) {
          late.subscribe(channel);
          publisher.publish(channel, "after");
          assertEquals("after", late.next("message").getString("content"), "round " + round);
          assertEquals("after", watcher.next("message").getString("content"));
        }
      }
    }
  }

  /**
   * Nothing reaches a node for longer than a bound after it lost interest: its last subscriber's
   * unsubscribe tells the senders, and a stale entry (a healed split's union) costs one frame, after
   * which the node removes itself again.
   */
  @Test
  void aNodeThatLostInterestStopsReceivingTheChannel() {
    AtomicInteger reachedNode0 = new AtomicInteger();
    running.cluster().node(0).node.vertx().eventBus().addInboundInterceptor(ctx -> {
      if ("lost-interest".equals(NodeMailbox.channelOf(ctx.message().body()))) {
        reachedNode0.incrementAndGet();
      }
      ctx.next();
    });
    try (TestClient sub = running.connect(0, "leaver"); TestClient pub = running.connect(1, "stayer")) {
      sub.subscribe("lost-interest");
      pub.publish("lost-interest", "while subscribed");
      assertEquals("while subscribed", sub.next("message").getString("content"));
      sub.send(new JsonObject().put("type", "unsubscribe").put("channel", "lost-interest"));
      sub.next("unsubscribed");
      await().atMost(Duration.ofSeconds(5)).until(() -> {
        int before = reachedNode0.get();
        pub.publish("lost-interest", "probe");
        pub.send(new JsonObject().put("type", "ping"));
        pub.until(f -> "pong".equals(f.getString("type")));
        return reachedNode0.get() == before;
      });
      int settled = reachedNode0.get();
      for (int i = 0; i < 10; i++) {
        pub.publish("lost-interest", "after " + i);
      }
      pub.send(new JsonObject().put("type", "ping"));
      pub.until(f -> "pong".equals(f.getString("type")));
      assertEquals(settled, reachedNode0.get(), "nothing more reaches node 0");

      // a stale entry naming node 0 (as a merge's union could leave): one frame, then node 0 leaves again
      NodeRouting routing0 = running.cluster().node(0).node.routing();
      String key = InterestKeys.channel("lost-interest");
      TestClient.await(routing0.fanout().table().add(key, running.cluster().node(0).node.id())
          .compose(readers -> routing0.mailbox().invalidate(readers, key)));
      await().atMost(Duration.ofSeconds(5)).until(() -> {
        pub.publish("lost-interest", "stale");
        pub.send(new JsonObject().put("type", "ping"));
        pub.until(f -> "pong".equals(f.getString("type")));
        return reachedNode0.get() > settled;
      });
      await().atMost(Duration.ofSeconds(5)).until(() ->
          !TestClient.await(routing0.fanout().table().nodes(key)).contains(running.cluster().node(0).node.id()));
      assertTrue(routing0.channels().unwantedFrames() > 0, "node 0 counted the frame it did not want");
    }
  }

  /** A node's mailbox drops what is not an envelope, counts it, and goes on routing. */
  @Test
  void aMailboxDropsWhatIsNotAnEnvelope() {
    Vertx other = running.cluster().node(2).node.vertx();
    String mailbox = "switchboard.node." + running.cluster().node(0).node.id();
    String malformed = "switchboard_routes_malformed_total{node=\"" + running.cluster().node(0).node.id() + "\"}";
    double before = running.cluster().node(0).metric(malformed);
    other.eventBus().send(mailbox, new JsonObject().put("type", "message"));
    other.eventBus().send(mailbox, Buffer.buffer(new byte[] {'c', 0, 0, 0, 99, 'x'}));
    other.eventBus().send(mailbox, Buffer.buffer(new byte[] {'z', 0, 0, 0, 1, 'x'}));
    await().atMost(Duration.ofSeconds(5)).until(() ->
        running.cluster().node(0).metric(malformed) == before + 3);
    try (TestClient sub = running.connect(0, "after-malformed"); TestClient pub = running.connect(2, "pub-malformed")) {
      sub.subscribe("malformed-then-fine");
      pub.publish("malformed-then-fine", "still routed");
      assertEquals("still routed", sub.next("message").getString("content"));
    }
  }

  /** Direct and observe requests with bad bodies fail with 400 and change nothing. */
  @Test
  void badBackendRequestsAreRefused() {
    Vertx backend = running.cluster().node(2).node.vertx();
    for (JsonObject bad : List.of(new JsonObject().put("content", 1), new JsonObject().put("user", "").put("content", 1),
        new JsonObject().put("user", "u"), new JsonObject().put("user", "u").put("content", 1).put("sender", 5))) {
      Throwable refused = assertThrows(Exception.class, () -> backend.eventBus().request("switchboard.direct", bad).await());
      assertEquals(400, ((ReplyException) refused).failureCode(), bad.encode());
    }
    for (JsonObject bad : List.of(new JsonObject(), new JsonObject().put("channel", "bad channel"),
        new JsonObject().put("channel", "ok").put("observe", "yes"))) {
      Throwable refused = assertThrows(Exception.class, () -> backend.eventBus().request("switchboard.observe", bad).await());
      assertEquals(400, ((ReplyException) refused).failureCode(), bad.encode());
    }
    Throwable notJson = assertThrows(Exception.class, () -> backend.eventBus().request("switchboard.direct", "carol").await());
    assertEquals(400, ((ReplyException) notJson).failureCode());
  }

  /** A backend that observes a channel gets every frame sent to it, from any node, until it stops. */
  @Test
  void anObservedChannelIsPublishedOnItsAddressUntilObservationStops() {
    Vertx backend = running.cluster().node(2).node.vertx();
    List<JsonObject> seen = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> consumer = backend.eventBus().consumer("switchboard.channel.observed", m -> seen.add(m.body()));
    TestClient.await(consumer.completion());
    try (TestClient pub0 = running.connect(0, "obs-pub0"); TestClient pub1 = running.connect(1, "obs-pub1")) {
      TestClient.await(backend.eventBus().request("switchboard.observe", new JsonObject().put("channel", "observed")));
      pub0.publish("observed", "from 0");
      pub1.publish("observed", "from 1");
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
      assertEquals(Set.of("from 0", "from 1"), Set.of(seen.get(0).getString("content"), seen.get(1).getString("content")));
      assertEquals("message", seen.get(0).getString("type"));
      TestClient.await(backend.eventBus().request("switchboard.observe",
          new JsonObject().put("channel", "observed").put("observe", false)));
      try (TestClient sub = running.connect(1, "obs-sub")) {
        sub.subscribe("observed");
        pub0.publish("observed", "unobserved");
        assertEquals("unobserved", sub.next("message").getString("content"));
      }
      assertEquals(2, seen.size(), "nothing published on the address once observation stopped");
    } finally {
      consumer.unregister().await();
    }
  }

  @Test
  void presenceIsTheUnionOfAllNodesWithEachUserOnce() {
    Vertx observer = running.cluster().node(2).node.vertx();
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> consumer = observer.eventBus().consumer("switchboard.events", m -> {
      if ("lobby".equals(m.body().getString("channel"))) {
        events.add(m.body());
      }
    });
    consumer.completion().await();
    try (TestClient bob = running.connect(2, "bob")) {
      TestClient alice0 = running.connect(0, "alice");
      TestClient alice1 = running.connect(1, "alice");
      bob.subscribe("lobby");
      alice0.subscribe("lobby");
      alice1.subscribe("lobby");
      bob.until(f -> "presence".equals(f.getString("type")) && f.getJsonArray("users").size() == 2);
      bob.send(new JsonObject().put("type", "presence").put("channel", "lobby").put("ref", 1));
      JsonObject list = bob.until(f -> Integer.valueOf(1).equals(f.getValue("ref")));
      assertEquals(Set.of("bob", "alice"), list.getJsonArray("users").stream().collect(java.util.stream.Collectors.toSet()));
      assertEquals(2, list.getJsonArray("users").size(), "alice once, though on two nodes");

      alice0.close();
      alice0.awaitClose();
      bob.send(new JsonObject().put("type", "presence").put("channel", "lobby").put("ref", 2));
      JsonObject still = bob.until(f -> Integer.valueOf(2).equals(f.getValue("ref")));
      assertEquals(Set.of("bob", "alice"), still.getJsonArray("users").stream().collect(java.util.stream.Collectors.toSet()), "alice is still on node 1");

      alice1.close();
      alice1.awaitClose();
      JsonObject after = bob.until(f -> "presence".equals(f.getString("type")) && f.getValue("ref") == null
          && f.getJsonArray("users").equals(new JsonArray().add("bob")));
      assertEquals("lobby", after.getString("channel"));
      await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> "leave".equals(e.getString("event"))));
      assertEquals(1, events.stream().filter(e -> "join".equals(e.getString("event")) && "alice".equals(e.getString("user"))).count());
      assertEquals(1, events.stream().filter(e -> "leave".equals(e.getString("event")) && "alice".equals(e.getString("user"))).count());
      assertTrue(events.stream().allMatch(e -> e.getString("node") != null && e.getLong("ts") > 0));
    } finally {
      consumer.unregister().await();
    }
  }

  @Test
  void aDirectMessageReachesEverySessionOfTheUserOnAnyNode() {
    try (TestClient carol0 = running.connect(0, "carol"); TestClient carol1 = running.connect(1, "carol"); TestClient dave = running.connect(1, "dave")) {
      carol0.subscribe("x");
      carol1.subscribe("x");
      dave.subscribe("x");
      // the user routes are registered at authentication; a subscribe round trip has passed since
      await().atMost(Duration.ofSeconds(5)).until(() ->
          running.cluster().node(0).stats().getLong("userConsumers") >= 1 && running.cluster().node(1).stats().getLong("userConsumers") >= 2);
      TestClient.await(running.cluster().node(2).node.vertx().eventBus().request("switchboard.direct",
          new JsonObject().put("user", "carol").put("content", new JsonObject().put("invoice", 42)).put("sender", "billing")));
      for (TestClient c : List.of(carol0, carol1)) {
        JsonObject direct = c.next("direct");
        assertEquals(42, direct.getJsonObject("content").getInteger("invoice"));
        assertEquals("billing", direct.getString("sender"));
      }
      dave.send(new JsonObject().put("type", "ping"));
      assertEquals("pong", dave.next("pong").getString("type"), "dave got nothing meant for carol");
    }
  }

  @Test
  void aBackendAnsweringConnectedWithADirectMessageReachesTheNewSession() {
    io.vertx.core.Vertx backend = running.cluster().node(0).node.vertx();
    MessageConsumer<JsonObject> greeter = backend.eventBus().consumer("switchboard.events", m -> {
      if ("connected".equals(m.body().getString("event")) && m.body().getString("user").startsWith("greeted-")) {
        backend.eventBus().request("switchboard.direct", new JsonObject().put("user", m.body().getString("user"))
            .put("content", "welcome").put("sender", "greeter"));
      }
    });
    TestClient.await(greeter.completion());
    try {
      for (int i = 0; i < 20; i++) {
        // "connected" comes only once the user's route is live, so the answer is never lost
        try (TestClient c = running.connect(0, "greeted-" + i)) {
          assertEquals("welcome", c.next("direct").getString("content"));
        }
      }
    } finally {
      TestClient.await(greeter.unregister());
    }
  }

  @Test
  void presenceStaysExactUnderAThousandJoinsPerSecondAcrossNodes() {
    int clients = 1000;
    List<io.vertx.core.http.WebSocket> sockets = new java.util.ArrayList<>();
    for (int i = 0; i < clients; i++) {
      TestNode n = running.cluster().node(i % 3);
      sockets.add(TestClient.await(running.client().connect(new io.vertx.core.http.WebSocketConnectOptions()
          .setHost("127.0.0.1").setPort(n.port()).setURI("/ws?token=" + n.token("crowd-" + i)).setAllowOriginHeader(false))));
    }
    AtomicInteger subscribed = new AtomicInteger();
    sockets.forEach(ws -> ws.textMessageHandler(text -> {
      if ("subscribed".equals(new JsonObject(text).getString("type"))) {
        subscribed.incrementAndGet();
      }
    }));
    String subscribe = new JsonObject().put("type", "subscribe").put("channel", "busy").encode();
    long start = System.nanoTime();
    sockets.forEach(ws -> ws.writeTextMessage(subscribe));
    await().atMost(Duration.ofSeconds(20)).until(() -> subscribed.get() == clients);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("presence: " + clients + " joins over 3 nodes acknowledged in " + millis + " ms");
    try (TestClient observer = running.connect(1, "observer")) {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        observer.send(new JsonObject().put("type", "presence").put("channel", "busy").put("ref", "q"));
        JsonObject reply = observer.until(f -> "q".equals(f.getValue("ref")));
        assertEquals(clients, reply.getJsonArray("users").size(), "every user once, none lost");
      });
      sockets.forEach(io.vertx.core.http.WebSocket::close);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        observer.send(new JsonObject().put("type", "presence").put("channel", "busy").put("ref", "gone"));
        JsonObject reply = observer.until(f -> "gone".equals(f.getValue("ref")));
        assertEquals(0, reply.getJsonArray("users").size(), "every leave applied");
      });
    }
    await().atMost(Duration.ofSeconds(10)).until(() ->
        running.cluster().nodes.stream().allMatch(n -> n.stats().getLong("presenceEntries") == 0 && n.stats().getLong("sessions") == 0));
  }
}
