package io.switchboard.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.testing.RunningNode;
import io.switchboard.testing.TestClient;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Presence lists of two nodes that reach a third out of order: the one read earlier (a user who has
 * left since still in it) arrives last, and the node does not deliver it, so no ghost is shown.
 */
class PresenceOrderEndToEndTest {
  @RegisterExtension
  static final RunningNode node = new RunningNode();

  @Test
  void aListReadBeforeOneAlreadyDeliveredIsNotDelivered() {
    try (TestClient alice = node.connect("alice-order")) {
      alice.subscribe("order-room");
      assertEquals(List.of("alice-order"), alice.next("presence").getJsonArray("users").getList(), "the node's own list");
      NodeMailbox mailbox = node.node().node.routing().mailbox();
      long later = Long.MAX_VALUE / 2; // above the versions of the node's own lists (the clock × 1024)
      mailbox.receive(presence("order-room", List.of("alice-order"), later));
      mailbox.receive(presence("order-room", List.of("alice-order", "ghost"), later - 5)); // read before "ghost" left
      alice.send(new JsonObject().put("type", "ping").put("ref", "end"));
      List<JsonObject> lists = new ArrayList<>();
      JsonObject frame;
      while (!"pong".equals((frame = alice.next()).getString("type"))) {
        if ("presence".equals(frame.getString("type"))) {
          lists.add(frame);
        }
      }
      assertTrue(lists.stream().noneMatch(l -> l.getJsonArray("users").contains("ghost")), lists.toString());
      assertEquals(List.of("alice-order"), lists.get(lists.size() - 1).getJsonArray("users").getList());
      assertEquals(1.0, node.node().metric("switchboard_presence_stale_total{node=\"" + node.node().node.id() + "\"}"));
    }
  }

  private static Envelope presence(String channel, List<String> users, long version) {
    return new Envelope(Envelope.Kind.PRESENCE, channel,
        FrameCodec.encode(new ServerFrame.Presence(channel, users, null)), version);
  }
}
