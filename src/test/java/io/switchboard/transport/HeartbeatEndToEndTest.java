package io.switchboard.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RunningNode;
import io.switchboard.testing.TestClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Server pings: a peer that never answers is dropped; a live one is kept. */
class HeartbeatEndToEndTest {
  @RegisterExtension
  static final RunningNode node = new RunningNode("heartbeat.interval=300ms");

  @Test
  void aPeerThatNeverAnswersIsTerminatedAndALiveOneStays() throws IOException {
    try (TestClient live = TestClient.connect(node.client(), node.port(), node.token("live"));
         Socket dead = rawUpgrade(node.port(), node.token("dead"))) {
      assertTrue(dead.isConnected());
      live.subscribe("hb");
      await().atMost(Duration.ofSeconds(5)).until(() -> node.stats().getLong("sessions") == 2);
      // the dead peer holds a subscription too, so its termination must release it
      long before = System.nanoTime();
      await().atMost(Duration.ofSeconds(10)).until(() -> node.stats().getLong("sessions") == 1);
      assertTrue(System.nanoTime() - before < Duration.ofSeconds(10).toNanos());
      assertEquals(1L, node.stats().getLong("subscriptions"));
      // the live client answered every ping (Vert.x pongs on its own) and still works
      assertFalse(live.isClosed());
      live.send(new JsonObject().put("type", "ping"));
      live.next("pong");
    }
  }

  /** Upgrades a raw socket, subscribes, and then never reads again (so never pongs). */
  private static Socket rawUpgrade(int port, String token) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    String request = "GET /ws?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n";
    OutputStream out = s.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during upgrade: " + head);
      }
      head.append((char) b);
    }
    assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
    out.write(maskedText("{\"type\":\"subscribe\",\"channel\":\"hb\"}"));
    out.flush();
    return s;
  }

  private static byte[] maskedText(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[2 + 4 + payload.length];
    frame[0] = (byte) 0x81;
    frame[1] = (byte) (0x80 | payload.length);
    byte[] mask = {1, 2, 3, 4};
    System.arraycopy(mask, 0, frame, 2, 4);
    for (int i = 0; i < payload.length; i++) {
      frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    return frame;
  }
}
