package io.switchboard.session;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Results of asynchronous calls acted on in the order the calls were made, however their answers
 * come back: a session's publications that wait for a backend go out in the order the client sent
 * them. At most {@code max} wait at once. Confined to the session's event loop, like the futures'
 * callbacks.
 */
final class OrderedCompletions {
  private final int max;
  private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();

  OrderedCompletions(int max) {
    this.max = max;
  }

  private static final class Pending<T> {
    final Consumer<AsyncResult<T>> then;
    AsyncResult<T> result;

    Pending(Consumer<AsyncResult<T>> then) {
      this.then = then;
    }

    void run() {
      then.accept(result);
    }
  }

  /**
   * Queues {@code call}'s result for {@code then}, after every call queued before it.
   *
   * @return false, and nothing queued, when {@code max} already wait
   */
  <T> boolean add(Future<T> call, Consumer<AsyncResult<T>> then) {
    if (queue.size() >= max) {
      return false;
    }
    Pending<T> pending = new Pending<>(then);
    queue.add(pending);
    call.onComplete(ar -> {
      pending.result = ar;
      drain();
    });
    return true;
  }

  private void drain() {
    while (!queue.isEmpty() && queue.peek().result != null) {
      queue.poll().run();
    }
  }

  /** Calls waiting. */
  int size() {
    return queue.size();
  }
}
