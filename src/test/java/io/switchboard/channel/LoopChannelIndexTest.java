package io.switchboard.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.VertxInternal;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two event loops sharing one node router: each loop's callbacks stay on that loop. */
class LoopChannelIndexTest {
  Vertx vertx;
  NodeRouting routing;
  Context loopA;
  Context loopB;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    routing = NodeRouting.create(vertx);
    // two event-loop contexts of a two-loop Vert.x land on its two distinct loops
    loopA = ((VertxInternal) vertx).createEventLoopContext();
    loopB = ((VertxInternal) vertx).createEventLoopContext();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aSecondLoopsSubscriptionIsReadyOnItsOwnLoop() throws Exception {
    LoopChannelIndex a = on(loopA, () -> routing.channelIndex(loopA));
    LoopChannelIndex b = on(loopB, () -> routing.channelIndex(loopB));
    Subscriber nobody = new Subscriber() {
      @Override
      public boolean deliver(Buffer frame) {
        return false;
      }

      @Override
      public void flush() {}
    };
    // loop A registers the node's consumer: the router's future belongs to loop A
    LoopChannelIndex.Handle first = on(loopA, () -> a.subscribe("shared", nobody));
    first.ready().await(10, TimeUnit.SECONDS);
    Thread threadOfA = on(loopA, Thread::currentThread);
    Thread threadOfB = on(loopB, Thread::currentThread);
    assertNotSame(threadOfA, threadOfB, "two distinct event loops");

    Promise<Thread> readyOn = Promise.promise();
    on(loopB, () -> {
      b.subscribe("shared", nobody).ready().onComplete(ar -> readyOn.complete(Thread.currentThread()));
      return null;
    });
    assertEquals(threadOfB, readyOn.future().await(10, TimeUnit.SECONDS),
        "a session's subscribe callback must run on the session's own loop");
  }

  private <T> T on(Context context, java.util.concurrent.Callable<T> task) throws Exception {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      try {
        result.complete(task.call());
      } catch (Exception e) {
        result.fail(e);
      }
    });
    return Future.await(result.future());
  }
}
