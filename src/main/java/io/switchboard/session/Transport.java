package io.switchboard.session;

import io.switchboard.protocol.CloseCode;
import io.vertx.core.buffer.Buffer;

/**
 * The thin seam between a {@link Session} and its socket: writes and closes, no reads (the
 * transport pushes inbound frames into the session). Every method is called on the session's event
 * loop. A fake implementation lets sessions be tested without a socket.
 */
public interface Transport {
  /**
   * Queues one text frame without sending it: {@link #flush()} sends what is queued. The buffer
   * may be shared with other transports and must not be modified.
   */
  void write(Buffer textFrame);

  /** Sends every queued frame. */
  void flush();

  /** Bytes written but not yet handed to the operating system (queued in this process). */
  long pendingBytes();

  /**
   * The session is authenticated: whatever bounds the transport applies only before that (the
   * bytes an unauthenticated peer may send) can go.
   */
  default void authenticationDone() {}

  /** Sends a WebSocket ping frame. */
  void ping();

  /** Starts the closing handshake with a close frame carrying {@code code} and {@code reason}. */
  void close(CloseCode code, String reason);

  /** Drops the connection at once, without a closing handshake (a peer that stopped answering). */
  void terminate();
}
