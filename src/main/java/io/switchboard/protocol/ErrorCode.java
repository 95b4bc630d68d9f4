package io.switchboard.protocol;

/**
 * The machine-readable {@code code} of an {@code error} frame. The vocabulary is closed: clients may
 * switch on it, so a new code is a protocol change.
 */
public enum ErrorCode {
  /** The frame is not JSON, not an object, lacks a required field, or has a field of the wrong type. */
  BAD_REQUEST("bad_request"),
  /** The {@code type} is not one the server knows. */
  UNKNOWN_TYPE("unknown_type"),
  /** The channel name breaks the grammar {@code [A-Za-z0-9_.:@-]{1,128}}. */
  INVALID_CHANNEL("invalid_channel"),
  /** The permissions of the channel's namespace do not allow the action. */
  FORBIDDEN("forbidden"),
  /** {@code unsubscribe} of a channel the connection is not subscribed to. */
  NOT_SUBSCRIBED("not_subscribed"),
  /** The connection already holds the configured maximum of subscriptions. */
  TOO_MANY_SUBSCRIPTIONS("too_many_subscriptions"),
  /** The connection sends faster than its allowance; the frame was dropped. */
  RATE_LIMITED("rate_limited"),
  /** The frame is larger than the server accepts. */
  TOO_LARGE("too_large"),
  /** The server cannot do this now, or the feature is not enabled for this channel. */
  UNAVAILABLE("unavailable"),
  /**
   * HTTP API only: no valid {@code X-API-Key}. (A WebSocket with a refused token is closed with
   * 4001 instead.)
   */
  UNAUTHORIZED("unauthorized");

  private final String wire;

  ErrorCode(String wire) {
    this.wire = wire;
  }

  /** The code as it appears in the {@code code} field. */
  public String wire() {
    return wire;
  }
}
