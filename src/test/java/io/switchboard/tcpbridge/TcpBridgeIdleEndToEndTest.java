package io.switchboard.tcpbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.BridgeWire;
import io.switchboard.testing.RunningNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A bridge connection that says nothing is closed after idleTimeout; one that pings stays and is served. */
class TcpBridgeIdleEndToEndTest {
  @RegisterExtension
  static final RunningNode node = new RunningNode("bridge.tcp.port=0", "bridge.tcp.idleTimeout=500ms");

  @Test
  void aSilentConnectionIsClosedWhileAPingingOneIsServed() throws Exception {
    try (BridgeWire silent = BridgeWire.open(node.tcpBridgePort()); BridgeWire bystander = BridgeWire.open(node.tcpBridgePort())) {
      long start = System.nanoTime();
      for (int i = 0; i < 8; i++) { // 1.6 s of pings, 200 ms apart: over three idle timeouts
        bystander.write(new JsonObject().put("type", "ping").encode());
        assertEquals("pong", new JsonObject(bystander.read()).getString("type"));
        Thread.sleep(200);
      }
      assertTrue(silent.closedByPeer(), "the silent connection was closed");
      assertTrue((System.nanoTime() - start) / 1e9 < 12, "within a few idle timeouts");
      bystander.write(new JsonObject().put("type", "ping").encode());
      assertEquals("pong", new JsonObject(bystander.read()).getString("type"), "the pinging one is still served");
    }
  }
}
