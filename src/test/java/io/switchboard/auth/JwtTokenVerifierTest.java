package io.switchboard.auth;

import static io.switchboard.auth.Jwts.CLOCK;
import static io.switchboard.auth.Jwts.NOW;
import static io.switchboard.auth.Jwts.SECRET;
import static io.switchboard.auth.Jwts.claims;
import static io.switchboard.auth.Jwts.header;
import static io.switchboard.auth.Jwts.hs256;
import static io.switchboard.auth.Jwts.segment;
import static io.switchboard.auth.VerifierAssertions.accepted;
import static io.switchboard.auth.VerifierAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.config.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HS256 verification: the happy path and every {@link AuthFailure}. */
class JwtTokenVerifierTest {
  private static Vertx vertx;
  private static TokenVerifier verifier;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    verifier = JwtTokenVerifier.create(vertx, Jwts.hsConfig(), CLOCK);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static TokenVerifier verifier(AuthConfig config) {
    return JwtTokenVerifier.create(vertx, config, CLOCK);
  }

  @Test
  void acceptsAValidTokenAndKeepsItsClaims() {
    Identity who = accepted(verifier, hs256(SECRET, claims("alice").put("role", "admin")));
    assertEquals("alice", who.userId());
    assertEquals("admin", who.claims().getString("role"));
    assertEquals(Instant.ofEpochSecond(NOW + 3600), who.expiresAt());
  }

  @Test
  void missingToken() {
    assertEquals(AuthFailure.MISSING, refused(verifier, null));
    assertEquals(AuthFailure.MISSING, refused(verifier, ""));
    assertEquals(AuthFailure.MISSING, refused(verifier, "   "));
  }

  @Test
  void malformedTokens() {
    String header = segment(header("HS256"));
    String payload = segment(claims("alice"));
    assertEquals(AuthFailure.MALFORMED, refused(verifier, "not-a-jwt"));
    assertEquals(AuthFailure.MALFORMED, refused(verifier, header + "." + payload));
    assertEquals(AuthFailure.MALFORMED, refused(verifier, header + "." + payload + ".sig.extra"));
    assertEquals(AuthFailure.MALFORMED, refused(verifier, "!!!." + payload + ".sig"));
    assertEquals(AuthFailure.MALFORMED,
        refused(verifier, segment("not json".getBytes(StandardCharsets.UTF_8)) + "." + payload + ".sig"));
    assertEquals(AuthFailure.MALFORMED,
        refused(verifier, header + "." + segment("[1,2]".getBytes(StandardCharsets.UTF_8)) + ".sig"));
    assertEquals(AuthFailure.MALFORMED, refused(verifier, "a".repeat(CompactJws.MAX_TOKEN_CHARS) + ".b.c"));
    assertEquals(AuthFailure.MALFORMED,
        refused(verifier, hs256(SECRET, new JsonObject().put("typ", "JWT"), claims("alice"))));
  }

  @Test
  void wronglyTypedTimeClaimIsMalformed() {
    assertEquals(AuthFailure.MALFORMED, refused(verifier, hs256(SECRET, claims("alice").put("exp", "tomorrow"))));
    assertEquals(AuthFailure.MALFORMED, refused(verifier, hs256(SECRET, claims("alice").put("nbf", true))));
    assertEquals(AuthFailure.MALFORMED, refused(verifier, hs256(SECRET, claims("alice").put("iat", "now"))));
  }

  @Test
  void unsignedTokenIsRefused() {
    String unsigned = segment(header("none")) + "." + segment(claims("alice")) + ".";
    assertEquals(AuthFailure.BAD_SIGNATURE, refused(verifier, unsigned));
    String noneWithSignature = hs256(SECRET, header("none"), claims("alice"));
    assertEquals(AuthFailure.BAD_SIGNATURE, refused(verifier, noneWithSignature));
    String hs256WithoutSignature = segment(header("HS256")) + "." + segment(claims("alice")) + ".";
    assertEquals(AuthFailure.BAD_SIGNATURE, refused(verifier, hs256WithoutSignature));
  }

  @Test
  void tokenSignedWithAnotherSecretIsRefused() {
    String forged = hs256("another-secret-of-at-least-32-bytes!!", claims("alice"));
    assertEquals(AuthFailure.BAD_SIGNATURE, refused(verifier, forged));
  }

  @Test
  void tamperedPayloadIsRefused() {
    String[] parts = hs256(SECRET, claims("alice")).split("\\.");
    String tampered = parts[0] + "." + segment(claims("mallory")) + "." + parts[2];
    assertEquals(AuthFailure.BAD_SIGNATURE, refused(verifier, tampered));
  }

  @Test
  void algorithmWithoutAKeyIsRefused() {
    assertEquals(AuthFailure.BAD_SIGNATURE, refused(verifier, hs256(SECRET, header("HS512"), claims("alice"))));
    assertEquals(AuthFailure.BAD_SIGNATURE, refused(verifier, hs256(SECRET, header("RS256"), claims("alice"))));
  }

  @Test
  void expiredTokenIsRefusedBeyondTheLeewayOnly() {
    assertEquals(AuthFailure.EXPIRED, refused(verifier, hs256(SECRET, claims("alice").put("exp", NOW - 60))));
    assertEquals(AuthFailure.EXPIRED, refused(verifier, hs256(SECRET, claims("alice").put("exp", NOW - 5))));
    accepted(verifier, hs256(SECRET, claims("alice").put("exp", NOW - 4)));
  }

  @Test
  void leewayComesFromTheConfig() {
    AuthConfig strict = new AuthConfig(SECRET, "", "", "", "", true, Duration.ZERO, null);
    assertEquals(AuthFailure.EXPIRED, refused(verifier(strict), hs256(SECRET, claims("alice").put("exp", NOW))));
    accepted(verifier(strict), hs256(SECRET, claims("alice").put("exp", NOW + 1)));
  }

  @Test
  void notYetValidTokenIsRefused() {
    assertEquals(AuthFailure.NOT_YET_VALID, refused(verifier, hs256(SECRET, claims("alice").put("nbf", NOW + 60))));
    accepted(verifier, hs256(SECRET, claims("alice").put("nbf", NOW + 5)));
    assertEquals(AuthFailure.NOT_YET_VALID, refused(verifier, hs256(SECRET, claims("alice").put("iat", NOW + 60))));
    accepted(verifier, hs256(SECRET, claims("alice").put("iat", NOW + 5)));
  }

  @Test
  void absurdTimesDoNotOverflow() {
    assertEquals(AuthFailure.EXPIRED, refused(verifier, hs256(SECRET, claims("alice").put("exp", -1e300))));
    assertEquals(AuthFailure.NOT_YET_VALID, refused(verifier, hs256(SECRET, claims("alice").put("nbf", 1e300))));
    accepted(verifier, hs256(SECRET, claims("alice").put("exp", Long.MAX_VALUE)));
  }

  @Test
  void tokenWithoutExpIsRefusedUnlessAllowed() {
    JsonObject noExp = new JsonObject().put("sub", "alice").put("iat", NOW);
    assertEquals(AuthFailure.MISSING_EXP, refused(verifier, hs256(SECRET, noExp)));
    AuthConfig lenient = new AuthConfig(SECRET, "", "", "", "", false, null, null);
    Identity who = accepted(verifier(lenient), hs256(SECRET, noExp));
    assertNull(who.expiresAt());
  }

  @Test
  void issuerIsCheckedWhenConfigured() {
    TokenVerifier checking = verifier(new AuthConfig(SECRET, "", "", "https://id.example", "", true, null, null));
    accepted(checking, hs256(SECRET, claims("alice").put("iss", "https://id.example")));
    assertEquals(AuthFailure.WRONG_ISSUER, refused(checking, hs256(SECRET, claims("alice").put("iss", "https://evil.example"))));
    assertEquals(AuthFailure.WRONG_ISSUER, refused(checking, hs256(SECRET, claims("alice"))));
    assertEquals(AuthFailure.WRONG_ISSUER, refused(checking, hs256(SECRET, claims("alice").put("iss", 42))));
    accepted(verifier, hs256(SECRET, claims("alice").put("iss", "anyone")));
  }

  @Test
  void audienceIsCheckedWhenConfigured() {
    TokenVerifier checking = verifier(new AuthConfig(SECRET, "", "", "", "switchboard", true, null, null));
    accepted(checking, hs256(SECRET, claims("alice").put("aud", "switchboard")));
    accepted(checking, hs256(SECRET, claims("alice").put("aud", new JsonArray().add("billing").add("switchboard"))));
    assertEquals(AuthFailure.WRONG_AUDIENCE, refused(checking, hs256(SECRET, claims("alice").put("aud", "billing"))));
    assertEquals(AuthFailure.WRONG_AUDIENCE,
        refused(checking, hs256(SECRET, claims("alice").put("aud", new JsonArray().add("billing")))));
    assertEquals(AuthFailure.WRONG_AUDIENCE, refused(checking, hs256(SECRET, claims("alice"))));
    assertEquals(AuthFailure.WRONG_AUDIENCE, refused(checking, hs256(SECRET, claims("alice").put("aud", 7))));
  }

  @Test
  void tokenWithoutSubjectIsRefused() {
    JsonObject noSub = claims("alice");
    noSub.remove("sub");
    assertEquals(AuthFailure.MISSING_SUBJECT, refused(verifier, hs256(SECRET, noSub)));
    assertEquals(AuthFailure.MISSING_SUBJECT, refused(verifier, hs256(SECRET, claims("  "))));
    assertEquals(AuthFailure.MISSING_SUBJECT, refused(verifier, hs256(SECRET, claims("alice").put("sub", 42))));
  }

  @Test
  void aVerifierNeedsAKey() {
    assertThrows(ConfigException.class, () -> JwtTokenVerifier.create(vertx, AuthConfig.defaults()));
  }

  @Test
  void realClockAcceptsAFreshToken() {
    TokenVerifier live = JwtTokenVerifier.create(vertx, Jwts.hsConfig());
    long now = System.currentTimeMillis() / 1000;
    JsonObject fresh = new JsonObject().put("sub", "alice").put("iat", now).put("exp", now + 3600);
    assertEquals("alice", accepted(live, hs256(SECRET, fresh)).userId());
  }
}
