package io.switchboard.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.testing.RunningNode;
import io.switchboard.testing.TestClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that stops reading is closed with 4008 once its queued bytes pass the bound, while the
 * other subscribers of the same channel keep receiving everything, in order.
 */
class SlowConsumerEndToEndTest {
  static final int MESSAGES = 1500;
  static final int CONTENT_BYTES = 16 * 1024;

  @RegisterExtension
  static final RunningNode node = new RunningNode("limits.maxPendingBytes=262144", "limits.messagesPerSecond=100000",
        "limits.messageBurst=100000");

  @Test
  void aReaderThatStopsIsClosedAndItsPeersAreNotSlowed() {
    TestClient slow = TestClient.connect(node.client(), node.port(), node.token("slow"));
    try (TestClient fast1 = TestClient.connect(node.client(), node.port(), node.token("fast1"));
         TestClient fast2 = TestClient.connect(node.client(), node.port(), node.token("fast2"));
         TestClient publisher = TestClient.connect(node.client(), node.port(), node.token("publisher"))) {
      slow.subscribe("firehose");
      fast1.subscribe("firehose");
      fast2.subscribe("firehose");
      slow.pause();

      String padding = "p".repeat(CONTENT_BYTES);
      for (int i = 0; i < MESSAGES; i++) {
        publisher.publish("firehose", new JsonObject().put("seq", i).put("pad", padding));
      }
      for (TestClient fast : new TestClient[] {fast1, fast2}) {
        for (int i = 0; i < MESSAGES; i++) {
          JsonObject m = fast.next("message");
          assertEquals(i, m.getJsonObject("content").getInteger("seq"), "in order, none lost");
        }
      }
      // 1,500 x 16 KB = 24 MB went to the channel; the slow socket was allowed 256 KB in the server
      await().atMost(Duration.ofSeconds(20)).until(() -> node.stats().getLong("sessions") == 3);
      slow.socket().resume();
      TestClient.Closed closed = slow.awaitClose();
      assertEquals((short) 4008, closed.code());
    }
  }
}
