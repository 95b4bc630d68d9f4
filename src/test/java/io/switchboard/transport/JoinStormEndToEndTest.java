package io.switchboard.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RunningNode;
import io.switchboard.testing.TestClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 5,000 clients join one channel at once with presence on: every one is acknowledged within
 * 10 seconds (the seed's full list per join would send 12.5 million names), and the presence
 * frames they receive are deltas, not lists.
 */
class JoinStormEndToEndTest {
  static final int CLIENTS = 5000;

  @RegisterExtension
  static final RunningNode node = new RunningNode();

  @Test
  void fiveThousandJoinsAreAcknowledgedWithinTenSeconds() {
    List<WebSocket> sockets = new ArrayList<>();
    AtomicInteger subscribed = new AtomicInteger();
    AtomicInteger fullLists = new AtomicInteger();
    AtomicInteger joinFrames = new AtomicInteger();
    for (int start = 0; start < CLIENTS; start += 250) {
      List<Future<WebSocket>> batch = new ArrayList<>();
      for (int i = start; i < start + 250; i++) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port())
            .setURI("/ws?token=" + node.token("storm-" + i)).setAllowOriginHeader(false);
        batch.add(node.client().connect(options));
      }
      TestClient.await(Future.all(batch));
      batch.forEach(f -> sockets.add(f.result()));
    }
    for (WebSocket ws : sockets) {
      ws.textMessageHandler(text -> {
        String type = new JsonObject(text).getString("type");
        switch (type) {
          case "subscribed" -> subscribed.incrementAndGet();
          case "presence" -> fullLists.incrementAndGet();
          case "join" -> joinFrames.incrementAndGet();
          default -> { }
        }
      });
    }
    String subscribe = new JsonObject().put("type", "subscribe").put("channel", "stadium").encode();
    long begin = System.nanoTime();
    Promise<Void> sent = Promise.promise();
    node.vertx().runOnContext(v -> {
      sockets.forEach(ws -> ws.writeTextMessage(subscribe));
      sent.complete();
    });
    TestClient.await(sent.future());
    await().atMost(Duration.ofSeconds(30)).until(() -> subscribed.get() == CLIENTS);
    long elapsedMs = (System.nanoTime() - begin) / 1_000_000;
    System.out.println("join-storm: " + CLIENTS + " acknowledged in " + elapsedMs + " ms, presence lists "
        + fullLists.get() + ", join frames " + joinFrames.get());
    assertTrue(elapsedMs < 10_000, "all acknowledged in " + elapsedMs + " ms");
    await().atMost(Duration.ofSeconds(10)).until(() -> joinFrames.get() > 0);
    assertTrue(fullLists.get() <= 101 * 101, "full lists only while the channel was small: " + fullLists.get());
    sockets.forEach(WebSocket::close);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertEquals(0L, node.stats().getLong("sessions")));
  }
}
