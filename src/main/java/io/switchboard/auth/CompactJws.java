package io.switchboard.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Base64;

/**
 * The header and payload of a compact JWS, decoded but not verified. Reading them before
 * vertx-auth-jwt does lets the verifier tell a malformed token from a forged one, and refuse an
 * algorithm no configured key is meant for before any cryptography runs.
 */
record CompactJws(JsonObject header, JsonObject payload) {
  /**
   * Longer tokens are refused before decoding: real ones are a few hundred bytes to a few KiB, and
   * a WebSocket upgrade header could not carry more than this anyway.
   */
  static final int MAX_TOKEN_CHARS = 16 * 1024;

  private static final String[] TIME_CLAIMS = {"exp", "nbf", "iat"};

  /**
   * @throws AuthException {@link AuthFailure#MISSING} for a null or blank token; {@link
   *     AuthFailure#MALFORMED} when the token is not three base64url
   *     segments whose first two are JSON objects, or when exp, nbf or iat is not a number; the
   *     message never quotes the token
   */
  static CompactJws parse(String token) {
    if (token == null || token.isBlank()) {
      throw new AuthException(AuthFailure.MISSING, "no token");
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      throw malformed("longer than " + MAX_TOKEN_CHARS + " characters");
    }
    int firstDot = token.indexOf('.');
    int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
      throw malformed("a JWT has three dot-separated segments");
    }
    JsonObject header = object("header", token.substring(0, firstDot));
    JsonObject payload = object("payload", token.substring(firstDot + 1, secondDot));
    // Checked before the signature too: vertx-auth-jwt 5.0.7 reads exp/nbf/iat while verifying
    // and throws a ClassCastException on a non-number, which would pass for a bad signature.
    for (String claim : TIME_CLAIMS) {
      Object value = payload.getValue(claim);
      if (value != null && !(value instanceof Number)) {
        throw malformed("the payload's " + claim + " is not a number");
      }
    }
    return new CompactJws(header, payload);
  }

  /** The header's {@code alg}, or {@code null} when absent or not a string. */
  String algorithm() {
    return header.getValue("alg") instanceof String alg ? alg : null;
  }

  private static JsonObject object(String part, String segment) {
    try {
      return new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(segment)));
    } catch (RuntimeException e) {
      // Not chained: a JSON parser's message may quote the decoded text, i.e. part of the token.
      throw malformed("the " + part + " is not base64url-encoded JSON object");
    }
  }

  private static AuthException malformed(String why) {
    return new AuthException(AuthFailure.MALFORMED, "not a JWT: " + why);
  }
}
