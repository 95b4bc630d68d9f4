package io.switchboard.transport;

/**
 * Why the edge refused an HTTP request or upgrade before any session existed: a closed vocabulary,
 * each counted in {@code switchboard_http_rejections_total{reason}} rather than logged, since
 * hostile or broken clients make them at will.
 */
public enum HttpRejection {
  /** Not parseable as HTTP/1.x, or a malformed percent escape in the path or query: 400. */
  MALFORMED_REQUEST("malformed_request", 400),
  /** The request line is over its limit: 414. */
  URI_TOO_LONG("uri_too_long", 414),
  /** The headers are over their limit: 431. */
  HEADERS_TOO_LARGE("headers_too_large", 431),
  /** The body is over its limit: 413. */
  BODY_TOO_LARGE("body_too_large", 413),
  /** A plain HTTP request (no {@code Upgrade: websocket}) to the WebSocket path: 400 with a hint. */
  NOT_A_WEBSOCKET("not_a_websocket", 400),
  /** An upgrade that is not a valid RFC 6455 handshake (method, Host, Connection, key): 400. */
  BAD_HANDSHAKE("bad_handshake", 400),
  /** An upgrade for another WebSocket version (hixie-76, drafts) or none: 426 naming version 13. */
  UNSUPPORTED_VERSION("unsupported_version", 426),
  /** A browser Origin not in {@code http.allowedOrigins}: 403. */
  FORBIDDEN_ORIGIN("forbidden_origin", 403),
  /** The request did not arrive whole within {@code http.requestTimeout}: 408 (slowloris). */
  REQUEST_TIMEOUT("request_timeout", 408),
  /** The source is over {@code sources.handshakesPerSecond}: 429. */
  SOURCE_HANDSHAKE_RATE("source_handshake_rate", 429),
  /** The source is over {@code sources.authFailuresPerSecond}: 429, before any token is verified. */
  SOURCE_AUTH_FAILURES("source_auth_failures", 429),
  /** The node is draining (leaving the cluster): 503 with {@code Retry-After: 1}, try another node. */
  DRAINING("draining", 503);

  private final String label;
  private final int status;

  HttpRejection(String label, int status) {
    this.label = label;
    this.status = status;
  }

  /** The metric label. */
  public String label() {
    return label;
  }

  /** The HTTP status answered. */
  public int status() {
    return status;
  }
}
