package io.switchboard.transport;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Base64;
import java.util.List;

/**
 * What an upgrade request must be to be upgraded: an RFC 6455 opening handshake, version 13 only
 * (§4.2.1). Older drafts such as hixie-76 ({@code Sec-WebSocket-Key1/Key2}, no version) speak
 * another framing and are refused with 426, as the RFC asks, naming the version served.
 */
final class HandshakeRules {
  /** The only WebSocket version served. */
  static final String VERSION = "13";

  /** Why an upgrade is refused: the counted reason and the text of the answer. */
  record Refusal(HttpRejection reason, String message) {}

  private HandshakeRules() {}

  /** The refusal of {@code request}, or null when it is a valid handshake from an allowed origin. */
  static Refusal check(HttpRequest request, List<String> allowedOrigins) {
    HttpHeaders headers = request.headers();
    if (!VERSION.equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
      return new Refusal(HttpRejection.UNSUPPORTED_VERSION, "only WebSocket version 13 (RFC 6455) is served");
    }
    if (!HttpMethod.GET.equals(request.method())) {
      return new Refusal(HttpRejection.BAD_HANDSHAKE, "a WebSocket handshake is a GET request");
    }
    if (request.protocolVersion().compareTo(HttpVersion.HTTP_1_1) < 0) {
      return new Refusal(HttpRejection.BAD_HANDSHAKE, "a WebSocket handshake needs HTTP/1.1");
    }
    String host = headers.get(HttpHeaderNames.HOST);
    if (host == null || host.isBlank()) {
      return new Refusal(HttpRejection.BAD_HANDSHAKE, "missing Host header");
    }
    if (!headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
      return new Refusal(HttpRejection.BAD_HANDSHAKE, "the Connection header must include Upgrade");
    }
    if (!isValidKey(headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_KEY))) {
      return new Refusal(HttpRejection.BAD_HANDSHAKE, "Sec-WebSocket-Key must be one base64-encoded 16-byte value");
    }
    String origin = headers.get(HttpHeaderNames.ORIGIN);
    if (origin != null && !allowedOrigins.isEmpty() && !allowedOrigins.contains(origin)) {
      return new Refusal(HttpRejection.FORBIDDEN_ORIGIN, "origin not allowed");
    }
    return null;
  }

  /** Exactly one key, the base64 encoding of 16 bytes (24 characters). */
  static boolean isValidKey(List<String> keys) {
    if (keys.size() != 1) {
      return false;
    }
    String key = keys.get(0).trim();
    if (key.length() != 24) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(key).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
