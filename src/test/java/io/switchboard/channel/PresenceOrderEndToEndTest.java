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
      long later = Long.MAX_VALUE / 2; // above the versions of the node's own lists (the clock)
      mailbox.receive(presence("order-room", List.of("alice-order", "bob-order"), later));
      mailbox.receive(presence("order-room", List.of("alice-order", "bob-order", "ghost"), later - 5)); // read earlier
      // a third, later still: the lists travel one path in order, so a ghost delivered would come before it
      mailbox.receive(presence("order-room", List.of("alice-order"), later + 5));
      List<JsonObject> lists = new ArrayList<>();
      JsonObject last;
      do {
        last = alice.next("presence");
        lists.add(last);
      } while (!last.getJsonArray("users").getList().equals(List.of("alice-order")));
      assertTrue(lists.stream().noneMatch(l -> l.getJsonArray("users").contains("ghost")), lists.toString());
      assertTrue(lists.stream().anyMatch(l -> l.getJsonArray("users").contains("bob-order")), lists.toString());
      assertEquals(1.0, node.node().metric("switchboard_presence_stale_total{node=\"" + node.node().node.id() + "\"}"));
    }
  }

  private static Envelope presence(String channel, List<String> users, long version) {
    return new Envelope(Envelope.Kind.PRESENCE, channel,
        FrameCodec.encode(new ServerFrame.Presence(channel, users, null)), version);
  }
}
