package io.switchboard.history;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * A node's {@link ChannelStreams} with history reads made late: {@link #beforeRead} before the read
 * is sent (publications made meanwhile are in what it reads), {@link #afterRead} between its answer
 * and the caller seeing it (publications made meanwhile arrive live first). Delays run on timers of
 * the caller's context, so results still come back there.
 */
final class DelayedStreams implements ChannelStreams {
  private final ChannelStreams delegate;
  volatile long beforeRead;
  volatile long afterRead;

  DelayedStreams(ChannelStreams delegate) {
    this.delegate = delegate;
  }

  @Override
  public Future<Appended> append(String channel, String sender, String content, String idempotencyKey,
      HistoryPolicy policy) {
    return delegate.append(channel, sender, content, idempotencyKey, policy);
  }

  @Override
  public Future<HistoryPage> readAfter(String channel, long since, int limit, HistoryPolicy policy) {
    return late(beforeRead).compose(v -> delegate.readAfter(channel, since, limit, policy))
        .compose(page -> late(afterRead).map(page));
  }

  @Override
  public Future<HistoryPage> readBefore(String channel, long before, int limit, HistoryPolicy policy) {
    return delegate.readBefore(channel, before, limit, policy);
  }

  @Override
  public Future<StreamPosition> position(String channel) {
    return delegate.position(channel);
  }

  private static Future<Void> late(long millis) {
    Context context = Vertx.currentContext();
    if (millis <= 0 || context == null) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    context.owner().setTimer(millis, t -> done.complete());
    return done.future();
  }
}
