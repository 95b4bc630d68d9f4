package io.switchboard.tcpbridge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.testing.BridgeWire;
import io.switchboard.testing.RunningNode;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A bridge connection that says nothing is closed after idleTimeout; one that pings stays and is served. */
class TcpBridgeIdleEndToEndTest {
  @RegisterExtension
  static final RunningNode node = new RunningNode("bridge.tcp.port=0", "bridge.tcp.idleTimeout=500ms");

  private static void ping(BridgeWire w) {
    try {
      w.write(new JsonObject().put("type", "ping").encode());
      assertEquals("pong", new JsonObject(w.read()).getString("type"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aSilentConnectionIsClosedWhileAPingingOneIsServed() throws Exception {
    try (BridgeWire silent = BridgeWire.open(node.tcpBridgePort()); BridgeWire bystander = BridgeWire.open(node.tcpBridgePort())) {
      CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> {
        try {
          return silent.closedByPeer();
        } catch (IOException e) {
          return false;
        }
      });
      // the bystander pings every 200 ms (under the 500 ms idle timeout) until the silent one is closed
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
        ping(bystander);
        return closed.isDone();
      });
      assertEquals(true, closed.get(), "the silent connection was closed by the node");
      ping(bystander); // still served
    }
  }
}
