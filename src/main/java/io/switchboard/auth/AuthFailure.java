package io.switchboard.auth;

/**
 * Why a token was refused. For logs and metrics only: whatever the reason, the client sees close
 * code 4001 "Unauthorized", so that a caller probing with forged tokens learns nothing.
 */
public enum AuthFailure {
  /** No token at all: empty, blank, or not given within the auth timeout. */
  MISSING,
  /** Not a compact JWS: wrong number of segments, bad base64url, bad JSON, wrongly typed claims. */
  MALFORMED,
  /** Unsigned ({@code alg: none}), an algorithm no configured key accepts, or a signature that does not match. */
  BAD_SIGNATURE,
  /** {@code exp} is in the past, beyond the leeway. */
  EXPIRED,
  /** {@code nbf} or {@code iat} is in the future, beyond the leeway. */
  NOT_YET_VALID,
  /** No {@code exp} while {@code auth.jwt.requireExp} is on. */
  MISSING_EXP,
  /** {@code iss} absent or not the configured issuer. */
  WRONG_ISSUER,
  /** {@code aud} absent or does not contain the configured audience. */
  WRONG_AUDIENCE,
  /** {@code sub} absent, blank or not a string. */
  MISSING_SUBJECT
}
