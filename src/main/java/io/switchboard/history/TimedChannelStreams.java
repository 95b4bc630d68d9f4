package io.switchboard.history;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@link ChannelStreams} whose every call fails after {@code timeout} rather than waiting for the
 * cluster as long as it takes: while a split heals, an operation can wait a minute for a partition,
 * and a node that waits that long delivers nothing meanwhile. A timed-out append may still be
 * stored; the caller answers {@code unavailable} (the outcome is unknown) and a retry with an
 * idempotency key finds it.
 */
public final class TimedChannelStreams implements ChannelStreams {
  private final ChannelStreams delegate;
  private final long timeoutMillis;

  public TimedChannelStreams(ChannelStreams delegate, Duration timeout) {
    this.delegate = delegate;
    this.timeoutMillis = timeout.toMillis();
  }

  @Override
  public Future<Appended> append(String channel, String sender, String content, String idempotencyKey,
      HistoryPolicy policy) {
    return timed(delegate.append(channel, sender, content, idempotencyKey, policy));
  }

  @Override
  public Future<HistoryPage> readAfter(String channel, long since, int limit, HistoryPolicy policy) {
    return timed(delegate.readAfter(channel, since, limit, policy));
  }

  @Override
  public Future<HistoryPage> readBefore(String channel, long before, int limit, HistoryPolicy policy) {
    return timed(delegate.readBefore(channel, before, limit, policy));
  }

  @Override
  public Future<StreamPosition> position(String channel) {
    return timed(delegate.position(channel));
  }

  private <T> Future<T> timed(Future<T> call) {
    return call.timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }
}
