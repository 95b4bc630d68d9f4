package io.switchboard.protocol;

/**
 * The WebSocket close codes the server uses, each with whether a client should reconnect. The
 * vocabulary is closed: the README documents exactly these.
 */
public enum CloseCode {
  /** The client or the server ended the session normally. */
  NORMAL(1000, "Normal closure", false),
  /** The node is draining or stopping: reconnect, with jitter, to any node. */
  GOING_AWAY(1001, "Going away", true),
  /** A message over the size limit: reconnect, but do not send it again. */
  MESSAGE_TOO_BIG(1009, "Message too big", true),
  /** The server failed: reconnect with backoff. */
  INTERNAL_ERROR(1011, "Internal error", true),
  /** Missing, invalid or expired token, or no {@code auth} frame in time: do not retry without a new token. */
  UNAUTHORIZED(4001, "Unauthorized", false),
  /** The credentials were refused on refresh (another user), or access was revoked. */
  FORBIDDEN(4003, "Forbidden", false),
  /** The client did not read fast enough and its outbound queue passed the bound: reconnect and resume. */
  SLOW_CONSUMER(4008, "Slow consumer", true),
  /** Too many messages per second, sustained, or too many connections for this user: reconnect after a backoff. */
  RATE_LIMITED(4029, "Rate limit exceeded", true);

  private final short code;
  private final String reason;
  private final boolean reconnect;

  CloseCode(int code, String reason, boolean reconnect) {
    this.code = (short) code;
    this.reason = reason;
    this.reconnect = reconnect;
  }

  /** The numeric close code sent in the close frame. */
  public short code() {
    return code;
  }

  /** The default human-readable reason sent in the close frame. */
  public String reason() {
    return reason;
  }

  /** Whether a well-behaved client should reconnect after this close. */
  public boolean shouldReconnect() {
    return reconnect;
  }
}
