package io.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;

/** Runs a verification and checks the promises every outcome keeps. */
final class VerifierAssertions {
  private VerifierAssertions() {}

  /** The identity of an accepted token; the future must already be complete. */
  static Identity accepted(TokenVerifier verifier, String token) {
    Future<Identity> result = verifier.verify(token);
    assertTrue(result.isComplete(), "verification completes without waiting");
    assertTrue(result.succeeded(), () -> "refused: " + result.cause());
    return result.result();
  }

  /** The reason a token was refused; also checks that no part of the token leaks into the message. */
  static AuthFailure refused(TokenVerifier verifier, String token) {
    Future<Identity> result = verifier.verify(token);
    assertTrue(result.isComplete(), "verification completes without waiting");
    assertTrue(result.failed(), () -> "accepted: " + result.result());
    AuthException e = assertInstanceOf(AuthException.class, result.cause());
    if (token != null) {
      for (String segment : token.split("\\.")) {
        if (segment.length() >= 8) {
          assertFalse(e.getMessage().contains(segment), "the message quotes the token: " + e.getMessage());
        }
      }
    }
    return e.failure();
  }
}
