package io.switchboard.auth;

import static io.switchboard.auth.Jwts.CLOCK;
import static io.switchboard.auth.Jwts.NOW;
import static io.switchboard.auth.Jwts.SECRET;
import static io.switchboard.auth.Jwts.claims;
import static io.switchboard.auth.Jwts.hs256;
import static io.switchboard.auth.Jwts.keyConfig;
import static io.switchboard.auth.Jwts.publicPem;
import static io.switchboard.auth.Jwts.sign;
import static io.switchboard.auth.VerifierAssertions.accepted;
import static io.switchboard.auth.VerifierAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.KeyPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RS256 and ES256: tokens signed with keys generated here, verified with their public PEM. */
class AsymmetricKeyVerifierTest {
  private static Vertx vertx;
  private static KeyPair rsa;
  private static KeyPair otherRsa;
  private static KeyPair ec;
  private static KeyPair otherEc;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    rsa = Jwts.rsa(2048);
    otherRsa = Jwts.rsa(2048);
    ec = Jwts.ec("secp256r1");
    otherEc = Jwts.ec("secp256r1");
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static TokenVerifier verifier(AuthConfig config) {
    return JwtTokenVerifier.create(vertx, config, CLOCK);
  }

  @Test
  void rs256TokenIsAccepted() {
    TokenVerifier verifier = verifier(keyConfig(publicPem(rsa), "RS256"));
    assertEquals("alice", accepted(verifier, sign("RS256", rsa.getPrivate(), claims("alice"))).userId());
  }

  @Test
  void rs256TokenSignedWithAnotherKeyIsRefused() {
    TokenVerifier verifier = verifier(keyConfig(publicPem(rsa), "RS256"));
    assertEquals(AuthFailure.BAD_SIGNATURE, refused(verifier, sign("RS256", otherRsa.getPrivate(), claims("alice"))));
  }

  @Test
  void hs256TokenIsRefusedByAnRs256OnlyVerifier() {
    TokenVerifier verifier = verifier(keyConfig(publicPem(rsa), "RS256"));
    assertEquals(AuthFailure.BAD_SIGNATURE, refused(verifier, hs256(SECRET, claims("alice"))));
    // The classic algorithm confusion: HMAC keyed with the public key's text, which anyone has.
    AuthConfig config = keyConfig(publicPem(rsa), "RS256");
    assertEquals(AuthFailure.BAD_SIGNATURE, refused(verifier, hs256(config.publicKeyPem(), claims("alice"))));
    assertEquals(AuthFailure.BAD_SIGNATURE, refused(verifier, hs256(publicPem(rsa), claims("alice"))));
  }

  @Test
  void es256TokenIsAccepted() {
    TokenVerifier verifier = verifier(keyConfig(publicPem(ec), "ES256"));
    Identity who = accepted(verifier, sign("ES256", ec.getPrivate(), claims("bob").put("tenant", "acme")));
    assertEquals("bob", who.userId());
    assertEquals("acme", who.claims().getString("tenant"));
  }

  @Test
  void es256TokenSignedByJwtAuthWithThePrivateKeyIsAccepted() {
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(Jwts.privatePem(ec))));
    String token = signer.generateToken(claims("carol"), new JWTOptions().setAlgorithm("ES256").setNoTimestamp(true));
    assertEquals("carol", accepted(verifier(keyConfig(publicPem(ec), "ES256")), token).userId());
  }

  @Test
  void es256TokenSignedWithAnotherKeyIsRefused() {
    TokenVerifier verifier = verifier(keyConfig(publicPem(ec), "ES256"));
    assertEquals(AuthFailure.BAD_SIGNATURE, refused(verifier, sign("ES256", otherEc.getPrivate(), claims("bob"))));
    assertEquals(AuthFailure.BAD_SIGNATURE, refused(verifier, sign("RS256", rsa.getPrivate(), claims("bob"))));
  }

  @Test
  void claimChecksApplyToAsymmetricTokensToo() {
    TokenVerifier verifier = verifier(keyConfig(publicPem(rsa), "RS256"));
    assertEquals(AuthFailure.EXPIRED, refused(verifier, sign("RS256", rsa.getPrivate(), claims("alice").put("exp", NOW - 600))));
    assertEquals(AuthFailure.MISSING_EXP,
        refused(verifier, sign("RS256", rsa.getPrivate(), new JsonObject().put("sub", "alice"))));
  }

  @Test
  void algorithmIsTakenFromTheKeyWhenNotGiven() {
    AuthConfig config = keyConfig(publicPem(ec), "");
    assertEquals("ES256", config.algorithm());
    accepted(verifier(config), sign("ES256", ec.getPrivate(), claims("bob")));
  }

  @Test
  void secretAndKeyTogetherAcceptBothKinds() {
    AuthConfig both = new AuthConfig(SECRET, publicPem(rsa), "RS256", "", "", true, null, null);
    TokenVerifier verifier = verifier(both);
    accepted(verifier, hs256(SECRET, claims("alice")));
    accepted(verifier, sign("RS256", rsa.getPrivate(), claims("alice")));
    assertEquals(AuthFailure.BAD_SIGNATURE, refused(verifier, sign("ES256", ec.getPrivate(), claims("alice"))));
  }
}
