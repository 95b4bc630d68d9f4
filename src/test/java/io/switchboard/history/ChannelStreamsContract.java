package io.switchboard.history;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ChannelStreams} must do, whatever holds the streams. An implementation's test
 * extends this class and says how to make a store; every call goes through the returned futures.
 */
public abstract class ChannelStreamsContract {
  private static final HistoryPolicy POLICY = new HistoryPolicy(5, Duration.ofMinutes(1), Duration.ofHours(1), 300);

  protected ChannelStreams streams;
  /** A channel no other test uses, so that a shared backend needs no cleaning. */
  protected String channel;

  protected abstract ChannelStreams createStreams();

  @BeforeEach
  void fresh() {
    streams = createStreams();
    channel = "history:" + UUID.randomUUID();
  }

  private static <T> T result(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<Long> offsets(HistoryPage page) {
    return page.publications().stream().map(StoredPublication::offset).toList();
  }

  @Test
  void aStreamThatWasNeverWrittenDoesNotExistAndReadingDoesNotCreateIt() {
    assertEquals(StreamPosition.NONE, result(streams.position(channel)));
    HistoryPage page = result(streams.readAfter(channel, 0, 10, POLICY));
    assertEquals(StreamPosition.NONE, page.top());
    assertTrue(page.complete());
    assertEquals(List.of(), page.publications());
    assertEquals(StreamPosition.NONE, result(streams.position(channel)));
  }

  @Test
  void appendsGetContiguousOffsetsUnderOneEpoch() {
    StreamPosition first = result(streams.append(channel, "alice", "{\"n\":1}", POLICY));
    assertEquals(1, first.offset());
    assertFalse(first.epoch().isEmpty());
    for (int i = 2; i <= 7; i++) {
      assertEquals(new StreamPosition(first.epoch(), i), result(streams.append(channel, "alice", "{\"n\":" + i + "}", POLICY)));
    }
    assertEquals(new StreamPosition(first.epoch(), 7), result(streams.position(channel)));
    HistoryPage kept = result(streams.readAfter(channel, 0, 100, POLICY));
    assertEquals(List.of(3L, 4L, 5L, 6L, 7L), offsets(kept), "the latest 5 are kept");
    assertFalse(kept.complete());
    assertEquals("{\"n\":4}", kept.publications().get(1).content());
    assertTrue(result(streams.readAfter(channel, 2, 100, POLICY)).complete());
    assertEquals(List.of(7L, 6L), offsets(result(streams.readLatest(channel, 2, POLICY))));
    assertEquals(List.of(5L, 4L), offsets(result(streams.readBefore(channel, 6, 2, POLICY))));
  }

  @Test
  void aRetriedAppendWithTheSameKeyGetsTheFirstAnswer() {
    Appended first = result(streams.append(channel, "backend", "1", "order-17", POLICY));
    assertFalse(first.repeated());
    Appended again = result(streams.append(channel, "backend", "1", "order-17", POLICY));
    assertEquals(new Appended(first.position(), true), again);
    assertEquals(first.position(), result(streams.position(channel)), "nothing was appended twice");
  }

  @Test
  void concurrentAppendsAreTotallyOrdered() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<List<Long>>> workers = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        workers.add(pool.submit(() -> {
          List<Long> mine = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            mine.add(result(streams.append(channel, "w", "0", POLICY)).offset());
          }
          return mine;
        }));
      }
      Set<Long> all = new HashSet<>();
      for (java.util.concurrent.Future<List<Long>> w : workers) {
        List<Long> mine = w.get(60, TimeUnit.SECONDS);
        for (int i = 1; i < mine.size(); i++) {
          assertTrue(mine.get(i) > mine.get(i - 1), "one writer's appends are in its order");
        }
        all.addAll(mine);
      }
      assertEquals(400, all.size(), "no offset given twice");
      assertEquals(1L, all.stream().mapToLong(Long::longValue).min().orElseThrow());
      assertEquals(400L, all.stream().mapToLong(Long::longValue).max().orElseThrow(), "and none skipped");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void expiredPublicationsAreGoneButThePositionStaysAndNothingMissedIsStillComplete() {
    HistoryPolicy shortLived = new HistoryPolicy(100, Duration.ofMillis(300), Duration.ofHours(1), 300);
    StreamPosition first = result(streams.append(channel, "u", "1", shortLived));
    result(streams.append(channel, "u", "2", shortLived));
    await().atMost(Duration.ofSeconds(10)).until(() -> result(streams.readAfter(channel, 0, 10, shortLived)).publications().isEmpty());
    HistoryPage upToDate = result(streams.readAfter(channel, 2, 10, shortLived));
    assertTrue(upToDate.complete(), "a subscriber that missed nothing recovers, history expired or not");
    assertFalse(result(streams.readAfter(channel, 1, 10, shortLived)).complete(), "one that missed #2 cannot");
    assertEquals(new StreamPosition(first.epoch(), 3), result(streams.append(channel, "u", "3", shortLived)));
  }

  @Test
  void aStreamUnusedForMetaTtlIsForgottenAndStartsANewEpoch() {
    HistoryPolicy brief = new HistoryPolicy(100, Duration.ofMillis(500), Duration.ofSeconds(1), 300);
    StreamPosition before = result(streams.append(channel, "u", "1", brief));
    await().atMost(Duration.ofSeconds(15)).until(() -> StreamPosition.NONE.equals(result(streams.position(channel))));
    StreamPosition after = result(streams.append(channel, "u", "again", brief));
    assertEquals(1, after.offset());
    assertNotEquals(before.epoch(), after.epoch(), "a stale position is never mistaken for a current one");
  }
}
