package io.switchboard.channel;

import io.vertx.core.buffer.Buffer;

/**
 * Something on an event loop that receives the encoded frames of the channels it subscribed to.
 * Deliveries are written without a flush; the loop flushes each written subscriber once after a
 * batch, so that frames that arrive together leave together (one syscall, not one per frame).
 */
public interface Subscriber {
  /**
   * Writes one encoded frame without flushing. Called on the subscriber's event loop. The buffer
   * is shared with every other subscriber of the fan-out and must not be modified.
   *
   * @return true when this is the subscriber's first unflushed write, so the caller must
   *     {@link #flush()} it after the batch
   */
  boolean deliver(Buffer frame);

  /** Sends what {@link #deliver} wrote. */
  void flush();
}
