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
  /**
   * A frame that breaks RFC 6455 (an unmasked or reserved-opcode frame, RSV bits without an
   * extension, a fragmented or over-long control frame, a close code outside the allowed ranges):
   * a client bug, so reconnecting would only repeat it.
   */
  PROTOCOL_ERROR(1002, "Protocol error", false),
  /** A text message (or close reason) that is not valid UTF-8: a client bug, as above. */
  INVALID_PAYLOAD(1007, "Invalid UTF-8", false),
  /** A message over the size limit: reconnect, but do not send it again. */
  MESSAGE_TOO_BIG(1009, "Message too big", true),
  /** The server failed: reconnect with backoff. */
  INTERNAL_ERROR(1011, "Internal error", true),
  /**
   * Missing, invalid or expired token, no {@code auth} frame in time, or more bytes than
   * {@code limits.maxUnauthenticatedBytes} before authenticating: do not retry without a new token.
   */
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

  /** The close code numbered {@code code}, if it is one of these. */
  public static java.util.Optional<CloseCode> of(int code) {
    for (CloseCode c : values()) {
      if (c.code == code) {
        return java.util.Optional.of(c);
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * Whether a peer may send {@code code} in a close frame (RFC 6455 §7.4: 1000–1003, 1007–1011 and
   * the registered 1012–1014, and 3000–4999; never 1004–1006, 1015 or anything above 4999). A
   * close frame with another code is answered with {@link #PROTOCOL_ERROR}.
   */
  public static boolean isValidFromPeer(int code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
  }
}
