package io.switchboard.history;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cluster's {@link ChannelStreams}: one Hazelcast IMap entry per channel that keeps history,
 * changed only by entry processors on the partition that owns the channel (one atomic place, as
 * Hazelcast's own counters do), kept in OBJECT format so a processor changes it in place, with one
 * backup, and with an entry TTL of {@code metaTtl} renewed by every append. A member death that the
 * backup covers keeps the epoch and the offsets; losing both copies loses the entry, and the next
 * append starts a new epoch. Every call is asynchronous; results come back on the caller's context.
 *
 * <p>Hazelcast runs an operation again on the partition's new owner when the owner died before
 * answering, and by then the first run may be in the backup: each append carries a tag unique to it
 * (a random start per node, counted up) so that the second run answers the first's place.
 */
public final class HazelcastChannelStreams implements ChannelStreams {
  private final Vertx vertx;
  private final IMap<String, ChannelStream> map;
  private final AtomicLong retryTags = new AtomicLong(new SecureRandom().nextLong());

  public HazelcastChannelStreams(Vertx vertx, HazelcastInstance hazelcast, String mapName) {
    this.vertx = vertx;
    this.map = hazelcast.getMap(mapName);
  }

  @Override
  public Future<Appended> append(String channel, String sender, String content, String idempotencyKey,
      HistoryPolicy policy) {
    return on(map.submitToKey(channel, new HistoryProcessors.Append(sender, content, idempotencyKey,
        nextRetryTag(), System.currentTimeMillis(), ChannelStream.newEpoch(), HistoryProcessors.Policy.of(policy))));
  }

  @Override
  public Future<HistoryPage> readAfter(String channel, long since, int limit, HistoryPolicy policy) {
    return on(map.submitToKey(channel, new HistoryProcessors.ReadAfter(since, limit, System.currentTimeMillis(),
        HistoryProcessors.Policy.of(policy))));
  }

  @Override
  public Future<HistoryPage> readBefore(String channel, long before, int limit, HistoryPolicy policy) {
    return on(map.submitToKey(channel, new HistoryProcessors.ReadBefore(before, limit, System.currentTimeMillis(),
        HistoryProcessors.Policy.of(policy))));
  }

  @Override
  public Future<StreamPosition> position(String channel) {
    return on(map.submitToKey(channel, new HistoryProcessors.Position()));
  }

  private long nextRetryTag() {
    long tag = retryTags.incrementAndGet();
    return tag != 0 ? tag : retryTags.incrementAndGet();
  }

  private <T> Future<T> on(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }
}
