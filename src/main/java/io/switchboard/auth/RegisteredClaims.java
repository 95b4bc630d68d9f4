package io.switchboard.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/**
 * Checks the registered claims of a payload whose signature has been verified: time ({@code exp},
 * {@code nbf}, {@code iat}, with the leeway), {@code iss}, {@code aud} and {@code sub}.
 *
 * <p>These checks are ours rather than vertx-auth-jwt's: in 5.0.7 it accepts a token without
 * {@code exp}, reports every failure as free text (so the reason could not be named for metrics
 * without parsing messages), takes the leeway in whole seconds, and throws a
 * {@code ClassCastException} instead of failing when {@code iss} or {@code aud} has the wrong type.
 */
final class RegisteredClaims {
  private final AuthConfig config;
  private final long leewayMillis;

  RegisteredClaims(AuthConfig config) {
    this.config = config;
    this.leewayMillis = saturatedMillis(config.leeway());
  }

  /**
   * @param payload the verified payload
   * @param nowMillis the current time
   * @return the identity the payload describes
   * @throws AuthException naming the first claim that fails
   */
  Identity check(JsonObject payload, long nowMillis) {
    Long exp = numericDate(payload, "exp");
    Long nbf = numericDate(payload, "nbf");
    Long iat = numericDate(payload, "iat");
    if (exp == null && config.requireExp()) {
      throw new AuthException(AuthFailure.MISSING_EXP, "the token has no exp and auth.jwt.requireExp is on");
    }
    // Written as "now - leeway" and "now + leeway" so that huge claim values cannot overflow.
    if (exp != null && nowMillis - leewayMillis >= exp) {
      throw new AuthException(AuthFailure.EXPIRED, "the token expired at " + Instant.ofEpochMilli(exp));
    }
    if (nbf != null && saturatedAdd(nowMillis, leewayMillis) < nbf) {
      throw new AuthException(AuthFailure.NOT_YET_VALID, "the token is not valid before " + Instant.ofEpochMilli(nbf));
    }
    if (iat != null && saturatedAdd(nowMillis, leewayMillis) < iat) {
      throw new AuthException(AuthFailure.NOT_YET_VALID, "the token was issued in the future, at " + Instant.ofEpochMilli(iat));
    }
    if (!config.issuer().isEmpty() && !config.issuer().equals(payload.getValue("iss"))) {
      throw new AuthException(AuthFailure.WRONG_ISSUER, "the token's iss is not the configured issuer");
    }
    if (!config.audience().isEmpty() && !hasAudience(payload.getValue("aud"), config.audience())) {
      throw new AuthException(AuthFailure.WRONG_AUDIENCE, "the token's aud does not contain the configured audience");
    }
    if (!(payload.getValue("sub") instanceof String sub) || sub.isBlank()) {
      throw new AuthException(AuthFailure.MISSING_SUBJECT, "the token has no sub (the user id)");
    }
    return new Identity(sub, payload, exp == null ? null : Instant.ofEpochMilli(exp));
  }

  /** RFC 7519 NumericDate: seconds since the epoch, possibly fractional; in milliseconds. */
  private static Long numericDate(JsonObject payload, String claim) {
    Object value = payload.getValue(claim);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n)) {
      throw new AuthException(AuthFailure.MALFORMED, "the token's " + claim + " is not a number");
    }
    // A double to long cast saturates, so absurd dates become the far past or future.
    return (long) (n.doubleValue() * 1000.0);
  }

  private static boolean hasAudience(Object aud, String wanted) {
    if (aud instanceof String s) {
      return s.equals(wanted);
    }
    if (aud instanceof JsonArray list) {
      return list.contains(wanted);
    }
    return false;
  }

  private static long saturatedMillis(Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
