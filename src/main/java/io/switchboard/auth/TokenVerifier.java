package io.switchboard.auth;

import io.vertx.core.Future;

/** Verifies a bearer token. */
public interface TokenVerifier {
  /**
   * Succeeds with the identity, or fails with an {@link AuthException}. Never logs the token; the
   * exception message never contains it. Runs on the caller's event loop without blocking
   * (HMAC/RSA/ECDSA verification is CPU-only and fast), and the returned future is already
   * complete.
   *
   * @param token the compact JWS, without any {@code Bearer } prefix; {@code null} or blank fails
   *     with {@link AuthFailure#MISSING}
   */
  Future<Identity> verify(String token);
}
