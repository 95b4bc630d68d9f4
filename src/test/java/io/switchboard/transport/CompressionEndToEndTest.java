package io.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RunningNode;
import io.switchboard.testing.TestClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code http.compression: true}: permessage-deflate is negotiated with clients that offer it. */
class CompressionEndToEndTest {
  @RegisterExtension
  static final RunningNode node = new RunningNode("http.compression=true");

  @Test
  void aClientThatOffersDeflateGetsItAndOneThatDoesNotStillWorks() {
    Vertx vertx = Vertx.vertx();
    try {
      WebSocketClient deflating = vertx.createWebSocketClient(new WebSocketClientOptions()
          .setTryUsePerMessageCompression(true).setMaxMessageSize(1 << 20));
      String text = "compressible ".repeat(2000);
      try (TestClient zipped = TestClient.connect(deflating, node.port(), "/ws?token=" + node.token("zip"), List.of());
           TestClient plain = TestClient.connect(node.client(), node.port(), node.token("plain"))) {
        String extensions = zipped.socket().headers().get("sec-websocket-extensions");
        assertTrue(extensions != null && extensions.contains("permessage-deflate"), String.valueOf(extensions));
        assertNull(plain.socket().headers().get("sec-websocket-extensions"));
        zipped.subscribe("deflated");
        plain.subscribe("deflated");
        zipped.publish("deflated", text);
        assertEquals(text, zipped.next("message").getString("content"));
        assertEquals(text, plain.next("message").getString("content"));
      }
    } finally {
      vertx.close().await();
    }
  }
}
