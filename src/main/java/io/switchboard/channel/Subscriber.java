package io.switchboard.channel;

import io.switchboard.protocol.StreamBreak;
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

  /**
   * The channel's live stream on this node broke (publications lost beyond repair, or its history
   * lost): the subscription no longer receives anything and should be released. Called on the
   * subscriber's event loop, after every frame before the break was delivered.
   */
  default void streamBroken(String channel, StreamBreak reason) {}
}
