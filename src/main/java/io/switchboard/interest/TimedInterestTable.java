package io.switchboard.interest;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An {@link InterestTable} whose calls about one key fail after {@code timeout} rather than waiting
 * for the cluster as long as it takes (while a split heals, an operation can wait a minute for a
 * partition): a subscription is then refused instead of hanging, and a frame whose nodes cannot be
 * read is lost and counted instead of holding up every frame of its key behind it. A timed-out
 * change may still be applied; a node named by mistake removes itself on the first frame it did not
 * want. The whole-table calls ({@link #addAll}, {@link #dropNode}) are not bounded: they are
 * retried by their callers and take as long as the table is large.
 */
public final class TimedInterestTable implements InterestTable {
  private final InterestTable delegate;
  private final long timeoutMillis;

  public TimedInterestTable(InterestTable delegate, Duration timeout) {
    this.delegate = delegate;
    this.timeoutMillis = timeout.toMillis();
  }

  @Override
  public Future<List<String>> add(String key, String node) {
    return timed(delegate.add(key, node));
  }

  @Override
  public Future<List<String>> remove(String key, String node) {
    return timed(delegate.remove(key, node));
  }

  @Override
  public Future<Map<String, List<String>>> addAll(Collection<String> keys, String node) {
    return delegate.addAll(keys, node);
  }

  @Override
  public Future<List<String>> read(String key, String reader) {
    return timed(delegate.read(key, reader));
  }

  @Override
  public Future<Void> forget(Collection<String> keys, String reader) {
    return timed(delegate.forget(keys, reader));
  }

  @Override
  public Future<List<String>> nodes(String key) {
    return timed(delegate.nodes(key));
  }

  @Override
  public Future<Integer> dropNode(String node) {
    return delegate.dropNode(node);
  }

  @Override
  public long localKeys() {
    return delegate.localKeys();
  }

  private <T> Future<T> timed(Future<T> call) {
    return call.timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }
}
