package io.switchboard.session;

import io.switchboard.history.StreamPosition;
import io.switchboard.protocol.ClientFrame;

/** Stream positions between the wire's form and the history package's. */
final class Positions {
  private Positions() {}

  static ClientFrame.StreamPosition wire(StreamPosition p) {
    return new ClientFrame.StreamPosition(p.epoch(), p.offset());
  }

  static StreamPosition of(ClientFrame.StreamPosition p) {
    return new StreamPosition(p.epoch(), p.offset());
  }
}
