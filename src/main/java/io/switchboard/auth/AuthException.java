package io.switchboard.auth;

import java.util.Objects;

/**
 * A refused token. The message says what was wrong ("token expired at …") but never contains the
 * token or any part of it, so it can be logged as is.
 */
public final class AuthException extends RuntimeException {
  private final AuthFailure failure;

  /**
   * @param failure the reason, for metrics
   * @param detail a human explanation, which must not contain the token
   */
  public AuthException(AuthFailure failure, String detail) {
    // No stack trace: refusals are routine (anyone on the internet can send garbage) and the stack
    // would only ever point into this package.
    super(Objects.requireNonNull(failure, "failure") + ": " + detail, null, false, false);
    this.failure = failure;
  }

  /** Why the token was refused. */
  public AuthFailure failure() {
    return failure;
  }
}
