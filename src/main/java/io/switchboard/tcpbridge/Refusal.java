package io.switchboard.tcpbridge;

/**
 * Why the bridge refused a frame or a connection: the {@code message} of its {@code err} frame, and
 * a metric label. Closed: services may switch on it.
 */
public enum Refusal {
  /** No valid {@code headers.apiKey} (and no client certificate): answered, then the socket is closed. */
  UNAUTHORIZED("unauthorized", true),
  /** The address is not in the direction's permissions. */
  ACCESS_DENIED("access_denied", false),
  /** The length prefix is over {@code maxFrameBytes}: answered, then closed, before the bytes are read. */
  FRAME_TOO_LARGE("frame_too_large", true),
  /** Not a JSON object, or a field of the wrong type. */
  BAD_FRAME("bad_frame", false),
  /** A {@code type} other than send, publish, register, unregister, ping. */
  UNKNOWN_TYPE("unknown_type", false),
  /** No {@code address}. */
  MISSING_ADDRESS("missing_address", false),
  /** {@code unregister} of an address the connection did not register. */
  UNKNOWN_ADDRESS("unknown_address", false),
  /** Over {@code maxRegistrations} addresses at once. */
  TOO_MANY_REGISTRATIONS("too_many_registrations", false),
  /** Over {@code maxInFlight} requests awaiting a reply. */
  TOO_MANY_REQUESTS("too_many_requests", false),
  /** More than {@code maxPendingBytes} queued for a service that does not read: closed. */
  SLOW_CONSUMER("slow_consumer", true),
  /** The node holds {@code maxConnections} bridge connections already: closed at once. */
  TOO_MANY_CONNECTIONS("too_many_connections", true);

  private final String wire;
  private final boolean closes;

  Refusal(String wire, boolean closes) {
    this.wire = wire;
    this.closes = closes;
  }

  public String wire() {
    return wire;
  }

  /** Whether the socket is closed after it. */
  public boolean closes() {
    return closes;
  }
}
