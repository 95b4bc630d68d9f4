package io.switchboard.transport;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a client may put its token at connect time: {@code ?token=<JWT>} (the seed's way), or the
 * {@code Sec-WebSocket-Protocol} entry {@code bearer.<JWT>} next to {@code switchboard.v1} (browsers
 * cannot set headers). Without either, the client must send an {@code auth} frame first.
 */
final class TokenSources {
  /** The subprotocol the server selects. */
  static final String SUBPROTOCOL = "switchboard.v1";
  private static final String BEARER = "bearer.";

  private TokenSources() {}

  /**
   * The token of a handshake, or null when it carries none.
   *
   * @throws IllegalArgumentException when the query's token has a malformed percent escape
   */
  static String find(String query, String protocols) {
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith("token=") && pair.length() > 6) {
          return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
        }
      }
    }
    if (protocols != null) {
      for (String p : protocols.split(",")) {
        String trimmed = p.trim();
        if (trimmed.startsWith(BEARER) && trimmed.length() > BEARER.length()) {
          return trimmed.substring(BEARER.length());
        }
      }
    }
    return null;
  }
}
