package io.switchboard.presence;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.channel.ChannelAddresses;
import io.switchboard.channel.ChannelPublisher;
import io.switchboard.channel.Fanout;
import io.switchboard.channel.NodeRouting;
import io.switchboard.interest.InterestKeys;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Coalescing of presence changes into announcements on the channel's address. Every batch of
 * changes is made inside one task on one event-loop context: the announcer's timer fires on that
 * context too, so it cannot fire in the middle of a batch however slow the machine is.
 */
class PresenceAnnouncerTest {
  private static final String CHANNEL = "room-1";

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final MemoryPresenceStore store = new MemoryPresenceStore();
  private final List<JsonObject> announced = new CopyOnWriteArrayList<>();
  private PresenceAnnouncer announcer;

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  private void start(int deltasAbove, String... channels) throws Exception {
    NodeRouting routing = NodeRouting.create(vertx);
    announcer = new PresenceAnnouncer(vertx, store, new ChannelPublisher(routing.fanout()),
        new PresenceConfig(Duration.ofMillis(50), deltasAbove));
    for (String channel : channels) {
      // what a channel is sent reaches its address once a backend observes it
      routing.fanout().table().add(InterestKeys.channel(channel), Fanout.OBSERVERS).await(10, TimeUnit.SECONDS);
      MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(ChannelAddresses.channel(channel),
          message -> announced.add(message.body()));
      consumer.completion().await(10, TimeUnit.SECONDS);
    }
  }

  /** Runs {@code batch} as one task on the context and waits for it. */
  private void inOneInterval(Runnable batch) throws Exception {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      batch.run();
      done.complete();
    });
    done.future().await(10, TimeUnit.SECONDS);
  }

  private void join(String channel, String user) {
    store.add(channel, user, user + "-conn");
    announcer.joined(channel, user);
  }

  private void leave(String channel, String user) {
    store.remove(channel, user, user + "-conn");
    announcer.left(channel, user);
  }

  private void awaitAnnouncements(int count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> announced.size() >= count);
  }

  private static JsonObject frame(String type, String channel, String... users) {
    return new JsonObject().put("type", type).put("channel", channel).put("users", new JsonArray(List.of(users)));
  }

  @Test
  void manyJoinsWithinOneIntervalGiveOnePresenceFrame() throws Exception {
    start(100, CHANNEL);
    inOneInterval(() -> {
      for (String user : List.of("u1", "u2", "u3", "u4", "u5")) {
        join(CHANNEL, user);
      }
    });
    awaitAnnouncements(1);
    // A later change is announced after anything the first batch could have caused.
    inOneInterval(() -> join(CHANNEL, "marker"));
    awaitAnnouncements(2);
    assertEquals(List.of(
        frame("presence", CHANNEL, "u1", "u2", "u3", "u4", "u5"),
        frame("presence", CHANNEL, "u1", "u2", "u3", "u4", "u5", "marker")), announced);
  }

  @Test
  void aJoinAndALeaveOfTheSameUserInOneIntervalCancelOut() throws Exception {
    start(100, CHANNEL);
    inOneInterval(() -> {
      join(CHANNEL, "ghost");
      leave(CHANNEL, "ghost");
    });
    assertEquals(1, announcer.pendingChannels());
    await().atMost(Duration.ofSeconds(10)).until(() -> announcer.pendingChannels() == 0);

    store.add(CHANNEL, "steady", "steady-conn"); // present already, not announced
    inOneInterval(() -> {
      leave(CHANNEL, "steady");
      join(CHANNEL, "steady");
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> announcer.pendingChannels() == 0);

    inOneInterval(() -> join(CHANNEL, "marker"));
    awaitAnnouncements(1);
    assertEquals(List.of(frame("presence", CHANNEL, "steady", "marker")), announced,
        "only the marker's change was announced");
  }

  @Test
  void aboveDeltasAboveLeavesAndJoinsAreSentAsDeltas() throws Exception {
    start(2, CHANNEL);
    for (String user : List.of("a", "b", "c")) {
      store.add(CHANNEL, user, user + "-conn");
    }
    inOneInterval(() -> {
      join(CHANNEL, "d");
      join(CHANNEL, "e");
      leave(CHANNEL, "a");
    });
    awaitAnnouncements(2);
    inOneInterval(() -> leave(CHANNEL, "b"));
    awaitAnnouncements(3);
    assertEquals(List.of(
        frame("leave", CHANNEL, "a"),
        frame("join", CHANNEL, "d", "e"),
        frame("leave", CHANNEL, "b")), announced);
  }

  @Test
  void atDeltasAboveTheFullListIsStillSent() throws Exception {
    start(2, CHANNEL);
    inOneInterval(() -> {
      join(CHANNEL, "a");
      join(CHANNEL, "b");
    });
    awaitAnnouncements(1);
    assertEquals(List.of(frame("presence", CHANNEL, "a", "b")), announced);
  }

  @Test
  void eachChannelWithChangesGetsItsOwnAnnouncement() throws Exception {
    start(100, "room-a", "room-b", "room-quiet");
    inOneInterval(() -> {
      join("room-a", "alice");
      join("room-b", "bob");
      join("room-a", "carol");
    });
    awaitAnnouncements(2);
    inOneInterval(() -> join("room-quiet", "marker"));
    awaitAnnouncements(3);
    assertEquals(List.of(frame("presence", "room-a", "alice", "carol"), frame("presence", "room-b", "bob")),
        announced.subList(0, 2).stream().sorted((x, y) -> x.getString("channel").compareTo(y.getString("channel")))
            .toList());
    assertEquals(frame("presence", "room-quiet", "marker"), announced.get(2));
  }

  @Test
  void nothingIsPendingWhenNothingChangedAndAFlushDisarmsTheTimer() throws Exception {
    start(100, CHANNEL);
    assertEquals(0, announcer.pendingChannels());
    inOneInterval(() -> join(CHANNEL, "a"));
    assertEquals(1, announcer.pendingChannels());
    awaitAnnouncements(1);
    assertEquals(0, announcer.pendingChannels());
    // The flush re-armed nothing; the next change arms a new timer and is announced on its own.
    inOneInterval(() -> join(CHANNEL, "b"));
    awaitAnnouncements(2);
    assertEquals(0, announcer.pendingChannels());
    assertEquals(List.of(frame("presence", CHANNEL, "a"), frame("presence", CHANNEL, "a", "b")), announced);
  }
}
