package io.switchboard.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.testing.RunningNode;
import io.switchboard.testing.TestClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Thousands of connect / subscribe / publish / close cycles, ended every way a session can end,
 * and afterwards every count the node keeps is back to zero.
 */
class CleanupEndToEndTest {
  static final int CYCLES = 2000;
  static final int CONCURRENCY = 50;

  @RegisterExtension
  static final RunningNode node = new RunningNode("auth.timeout=300ms", "limits.maxConnectionsPerUser=1000");

  @Test
  void everyCountReturnsToZero() {
    AtomicInteger subscribed = new AtomicInteger();
    for (int start = 0; start < CYCLES; start += CONCURRENCY) {
      List<Future<Void>> batch = new ArrayList<>();
      for (int i = start; i < Math.min(CYCLES, start + CONCURRENCY); i++) {
        batch.add(cycle(i, subscribed));
      }
      TestClient.await(Future.join(batch));
    }
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      JsonObject stats = node.stats();
      for (String count : List.of("sessions", "subscriptions", "channels", "consumers", "presenceEntries",
          "userConnections", "pendingPresence")) {
        assertEquals(0L, stats.getLong(count), () -> count + " leaked: " + stats.encode());
      }
    });
    assertEquals(CYCLES - CYCLES / 5, subscribed.get(), "every cycle that authenticated got its subscriptions");
  }

  /**
   * Cycle i: connects as one of 20 users, subscribes to two of 10 channels, publishes, and ends by
   * a graceful close, an abrupt TCP drop, an unsubscribe-then-close, or (every fifth) never
   * authenticates and is timed out by the server.
   */
  private Future<Void> cycle(int i, AtomicInteger subscribed) {
    String user = "user-" + (i % 20);
    if (i % 5 == 4) {
      return TestClient.connectAsync(node.client(), node.port(), "/ws", List.of())
          .compose(c -> {
            io.vertx.core.Promise<Void> closed = io.vertx.core.Promise.promise();
            c.socket().closeHandler(v -> closed.tryComplete());
            return closed.future();
          });
    }
    return TestClient.connectAsync(node.client(), node.port(), "/ws?token=" + node.token(user), List.of()).compose(c -> {
      io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
      AtomicInteger replies = new AtomicInteger();
      String a = "churn-" + (i % 10);
      String b = "churn-" + ((i + 3) % 10);
      c.socket().textMessageHandler(text -> {
        JsonObject f = new JsonObject(text);
        if ("subscribed".equals(f.getString("type")) && replies.incrementAndGet() == 2) {
          subscribed.incrementAndGet();
          c.socket().writeTextMessage(new JsonObject().put("type", "message").put("channel", a).put("content", i).encode());
          switch (i % 4) {
            case 0 -> c.socket().close().onComplete(v -> done.tryComplete());
            case 1 -> {
              c.abort();
              done.tryComplete();
            }
            default -> c.socket().writeTextMessage(new JsonObject().put("type", "unsubscribe").put("channel", b).encode())
                .compose(v -> c.socket().close()).onComplete(v -> done.tryComplete());
          }
        }
      });
      c.socket().writeTextMessage(new JsonObject().put("type", "subscribe").put("channel", a).encode());
      c.socket().writeTextMessage(new JsonObject().put("type", "subscribe").put("channel", b).encode());
      return done.future();
    });
  }
}
