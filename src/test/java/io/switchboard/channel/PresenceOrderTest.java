package io.switchboard.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class PresenceOrderTest {
  @Test
  void aListOlderThanOneDeliveredIsDroppedAndCounted() {
    PresenceOrder order = new PresenceOrder();
    assertTrue(order.admit("room", 10));
    assertFalse(order.admit("room", 9), "read before the one delivered");
    assertTrue(order.admit("room", 10), "the same version again (two nodes read the same list)");
    assertTrue(order.admit("room", 11));
    assertTrue(order.admit("other", 1), "each channel on its own");
    assertEquals(1, order.stale());
  }

  @Test
  void forgettingAdmitsAnyVersionAgain() {
    PresenceOrder order = new PresenceOrder();
    order.admit("room", 100);
    order.forget();
    assertTrue(order.admit("room", 5), "after a split heals, the merged cluster's versions may be lower");
  }

  @Test
  void itRemembersABoundedNumberOfChannels() {
    PresenceOrder order = new PresenceOrder();
    for (int i = 0; i < PresenceOrder.MAX_CHANNELS + 10; i++) {
      order.admit("room-" + i, 1);
    }
    assertTrue(order.size() <= PresenceOrder.MAX_CHANNELS, order.size() + " channels remembered");
  }

  @Test
  void aPresenceEnvelopeCarriesItsVersionThroughTheWire() {
    Envelope sent = new Envelope(Envelope.Kind.PRESENCE, "room", Buffer.buffer("[\"frame\"]"), 42L << 20);
    Envelope received = Envelope.decode(sent.encode());
    assertEquals(Envelope.Kind.PRESENCE, received.kind());
    assertEquals("room", received.name());
    assertEquals(42L << 20, received.version());
    assertEquals(sent.frame(), received.frame());
    Envelope plain = Envelope.decode(new Envelope(Envelope.Kind.CHANNEL, "room", Buffer.buffer("x")).encode());
    assertEquals(0, plain.version());
    assertEquals(Buffer.buffer("x"), plain.frame());
  }
}
