package io.switchboard.channel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.history.ChannelHistory;
import io.switchboard.history.HistoryPolicy;
import io.switchboard.history.MemoryChannelStreams;
import io.switchboard.history.StreamPosition;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.StreamBreak;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link StreamSequencer} on one node, against the in-memory history: reorder, drop
 * repeats, fill a gap from history after {@code gapWait}, find a lost last publication by the
 * position check, and break the stream (never skip) where history cannot repair it.
 */
class StreamSequencerTest {
  static final String CHANNEL = "feed:one";
  static final Duration GAP_WAIT = Duration.ofMillis(50);

  Vertx vertx;
  Context context;
  MemoryChannelStreams streams;
  final List<Long> emitted = new CopyOnWriteArrayList<>();
  final List<StreamBreak> breaks = new CopyOnWriteArrayList<>();
  StreamSequencer sequencer;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    streams = new MemoryChannelStreams();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** A sequencer started on an empty stream of a channel with {@code size} publications kept. */
  void sequencer(int size) throws Exception {
    HistoryPolicy policy = new HistoryPolicy(size, Duration.ofHours(1), Duration.ofDays(1), size);
    ChannelHistory history = new ChannelHistory(c -> policy, streams, GAP_WAIT, Duration.ofMillis(100));
    sequencer = new StreamSequencer(CHANNEL, policy, history, vertx, new StreamSequencer.Sink() {
      @Override
      public void emit(JsonObject frame, StreamPosition position) {
        emitted.add(frame.getLong("offset"));
      }

      @Override
      public void broken(StreamBreak reason) {
        breaks.add(reason);
      }
    });
    onContext(() -> sequencer.start());
    await().atMost(Duration.ofSeconds(5)).until(() -> sequencer.delivered() != null);
  }

  /** Appends {@code n} publications to the history (as publishers on other nodes do) and returns their frames. */
  List<JsonObject> publish(int n, HistoryPolicy policy) throws Exception {
    List<JsonObject> frames = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StreamPosition p = streams.append(CHANNEL, "pub", "\"m\"", null, policy).await(5, TimeUnit.SECONDS).position();
      frames.add(FrameCodec.toJson(new ServerFrame.Message(CHANNEL, "m", "pub", p.offset(), p.epoch())));
    }
    return frames;
  }

  HistoryPolicy policy(int size) {
    return new HistoryPolicy(size, Duration.ofHours(1), Duration.ofDays(1), size);
  }

  void offer(JsonObject... frames) {
    onContext(() -> {
      for (JsonObject f : frames) {
        sequencer.offer(f);
      }
      return null;
    });
  }

  void onContext(java.util.concurrent.Callable<?> work) {
    context.runOnContext(v -> {
      try {
        work.call();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void publicationsComeOutInOffsetOrderOnceEach() throws Exception {
    sequencer(100);
    List<JsonObject> f = publish(4, policy(100));
    offer(f.get(1), f.get(0), f.get(1), f.get(3), f.get(2), f.get(0));
    await().atMost(Duration.ofSeconds(5)).until(() -> emitted.size() == 4);
    assertEquals(List.of(1L, 2L, 3L, 4L), emitted);
    assertEquals(List.of(), breaks);
  }

  @Test
  void aMissingOffsetIsReadFromHistoryAfterTheGapWait() throws Exception {
    sequencer(100);
    List<JsonObject> f = publish(3, policy(100));
    offer(f.get(0), f.get(2)); // the event bus lost 2
    await().atMost(Duration.ofSeconds(5)).until(() -> emitted.size() == 3);
    assertEquals(List.of(1L, 2L, 3L), emitted);
    assertEquals(List.of(), breaks);
  }

  @Test
  void aLostLastPublicationIsFoundByThePositionCheck() throws Exception {
    sequencer(100);
    publish(2, policy(100)); // neither arrives: nothing after them would tell
    await().atMost(Duration.ofSeconds(5)).until(() -> emitted.size() == 2);
    assertEquals(List.of(1L, 2L), emitted);
  }

  @Test
  void aGapHistoryNoLongerHoldsBreaksTheStreamInsteadOfSkippingIt() throws Exception {
    sequencer(2);
    List<JsonObject> f = publish(5, policy(2)); // history keeps 4 and 5 only
    offer(f.get(4));
    await().atMost(Duration.ofSeconds(5)).until(() -> !breaks.isEmpty());
    assertEquals(List.of(StreamBreak.GAP), breaks);
    assertEquals(List.of(), emitted, "nothing after the hole is delivered");
  }

  @Test
  void anotherEpochBreaksTheStream() throws Exception {
    sequencer(100);
    List<JsonObject> f = publish(1, policy(100));
    offer(f.get(0), f.get(0).copy().put("offset", 2L).put("epoch", "another"));
    await().atMost(Duration.ofSeconds(5)).until(() -> !breaks.isEmpty());
    assertEquals(List.of(1L), emitted);
    assertEquals(List.of(StreamBreak.EPOCH_CHANGED), breaks);
  }

  @Test
  void tooManyHeldOutOfOrderBreaksTheStream() throws Exception {
    sequencer(100);
    JsonObject first = publish(1, policy(100)).get(0);
    String epoch = first.getString("epoch");
    List<JsonObject> early = new ArrayList<>();
    for (long o = 3; o <= StreamSequencer.MAX_PENDING + 3; o++) {
      early.add(first.copy().put("offset", o).put("epoch", epoch));
    }
    offer(early.toArray(JsonObject[]::new));
    await().atMost(Duration.ofSeconds(5)).until(() -> !breaks.isEmpty());
    assertEquals(List.of(StreamBreak.OVERFLOW), breaks);
  }
}
