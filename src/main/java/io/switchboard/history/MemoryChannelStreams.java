package io.switchboard.history;

import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory twin of the cluster's {@link ChannelStreams}, for one node and for tests: the same
 * {@link ChannelStream} arithmetic, each channel changed under the map's per-key lock, and the
 * position forgotten {@code metaTtl} after the last write, as the cluster's entry TTL does.
 */
public final class MemoryChannelStreams implements ChannelStreams {
  private final Map<String, Slot> streams = new ConcurrentHashMap<>();

  /** A stream and when it is forgotten. */
  private record Slot(ChannelStream stream, long expiresAtMillis) {}

  @Override
  public Future<Appended> append(String channel, String sender, String content, String idempotencyKey,
      HistoryPolicy policy) {
    long now = System.currentTimeMillis();
    Appended[] appended = new Appended[1];
    streams.compute(channel, (c, slot) -> {
      ChannelStream stream = live(slot, now) ? slot.stream() : new ChannelStream(ChannelStream.newEpoch());
      appended[0] = stream.append(sender, content, idempotencyKey, now, policy.size(), policy.ttl().toMillis());
      return new Slot(stream, now + policy.metaTtl().toMillis());
    });
    return Future.succeededFuture(appended[0]);
  }

  @Override
  public Future<HistoryPage> readAfter(String channel, long since, int limit, HistoryPolicy policy) {
    return read(channel, (stream, now) -> stream.after(since, limit, now, policy.ttl().toMillis()));
  }

  @Override
  public Future<HistoryPage> readBefore(String channel, long before, int limit, HistoryPolicy policy) {
    return read(channel, (stream, now) -> stream.before(before, limit, now, policy.ttl().toMillis()));
  }

  @Override
  public Future<StreamPosition> position(String channel) {
    long now = System.currentTimeMillis();
    StreamPosition[] position = {StreamPosition.NONE};
    streams.computeIfPresent(channel, (c, slot) -> {
      if (!live(slot, now)) {
        return null;
      }
      position[0] = slot.stream().position();
      return slot;
    });
    return Future.succeededFuture(position[0]);
  }

  private interface Reader {
    HistoryPage read(ChannelStream stream, long nowMillis);
  }

  private Future<HistoryPage> read(String channel, Reader reader) {
    long now = System.currentTimeMillis();
    HistoryPage[] page = {null};
    streams.computeIfPresent(channel, (c, slot) -> {
      if (!live(slot, now)) {
        return null;
      }
      page[0] = reader.read(slot.stream(), now);
      return slot;
    });
    return Future.succeededFuture(page[0] != null ? page[0] : reader.read(ChannelStream.EMPTY, now));
  }

  private static boolean live(Slot slot, long now) {
    return slot != null && slot.expiresAtMillis() > now;
  }
}
