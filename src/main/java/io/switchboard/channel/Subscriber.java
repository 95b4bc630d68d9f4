package io.switchboard.channel;

import io.vertx.core.buffer.Buffer;

/** Something on an event loop that receives the encoded frames of the channels it subscribed to. */
public interface Subscriber {
  /**
   * Hands over one encoded frame. Called on the subscriber's event loop. The buffer is shared with
   * every other subscriber of the fan-out and must not be modified.
   */
  void deliver(Buffer frame);
}
