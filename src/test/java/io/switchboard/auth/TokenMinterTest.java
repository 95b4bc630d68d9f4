package io.switchboard.auth;

import static io.switchboard.auth.Jwts.CLOCK;
import static io.switchboard.auth.Jwts.NOW;
import static io.switchboard.auth.Jwts.SECRET;
import static io.switchboard.auth.VerifierAssertions.accepted;
import static io.switchboard.auth.VerifierAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.config.ConfigException;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenMinterTest {
  private static Vertx vertx;
  private static TokenMinter minter;
  private static TokenVerifier verifier;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    minter = TokenMinter.create(vertx, Jwts.hsConfig(), CLOCK);
    verifier = JwtTokenVerifier.create(vertx, Jwts.hsConfig(), CLOCK);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void roundTripKeepsClaimsAndTtl() {
    String token = minter.mint("alice", Duration.ofHours(1),
        Map.of("role", "admin", "level", 3, "beta", true, "flag", "true"));
    Identity who = accepted(verifier, token);
    assertEquals("alice", who.userId());
    assertEquals(Instant.ofEpochSecond(NOW + 3600), who.expiresAt());
    assertEquals(NOW, who.claims().getLong("iat"));
    assertEquals("admin", who.claims().getValue("role"));
    assertEquals(3, who.claims().getValue("level"));
    assertEquals(true, who.claims().getValue("beta"));
    assertEquals("true", who.claims().getValue("flag"), "a string stays a string");
  }

  @Test
  void noTtlMeansNoExp() {
    String token = minter.mint("alice", null, null);
    assertEquals(AuthFailure.MISSING_EXP, refused(verifier, token));
    AuthConfig lenient = new AuthConfig(SECRET, "", "", "", "", false, null, null);
    assertNull(accepted(JwtTokenVerifier.create(vertx, lenient, CLOCK), token).expiresAt());
  }

  @Test
  void negativeTtlMintsAnExpiredToken() {
    assertEquals(AuthFailure.EXPIRED, refused(verifier, minter.mint("alice", Duration.ofMinutes(-1), Map.of())));
  }

  @Test
  void configuredIssuerAndAudienceAreMinted() {
    AuthConfig config = new AuthConfig(SECRET, "", "", "https://id.example", "switchboard", true, null, null);
    String token = TokenMinter.create(vertx, config, CLOCK).mint("alice", Duration.ofMinutes(5), Map.of());
    Identity who = accepted(JwtTokenVerifier.create(vertx, config, CLOCK), token);
    assertEquals("https://id.example", who.claims().getString("iss"));
  }

  @Test
  void refusesWhatItCannotMint() {
    assertThrows(IllegalArgumentException.class, () -> minter.mint(" ", Duration.ofMinutes(5), Map.of()));
    assertThrows(IllegalArgumentException.class, () -> minter.mint("alice", null, Map.of("sub", "bob")));
    assertThrows(IllegalArgumentException.class, () -> minter.mint("alice", null, Map.of("exp", 1)));
    assertThrows(IllegalArgumentException.class, () -> minter.mint("alice", null, Map.of("groups", List.of("a"))));
  }

  @Test
  void mintingNeedsASecret() {
    AuthConfig keyOnly = Jwts.keyConfig(Jwts.publicPem(Jwts.ec("secp256r1")), "ES256");
    ConfigException e = assertThrows(ConfigException.class, () -> TokenMinter.create(vertx, keyOnly));
    assertEquals("minting needs auth.jwt.secret (HS256); RS256/ES256 keys are verified here"
        + " but tokens are minted by your identity provider", e.getMessage());
    assertThrows(ConfigException.class, () -> TokenMinter.create(vertx, AuthConfig.defaults()));
  }

  @Test
  void realClockTokensVerify() {
    TokenMinter live = TokenMinter.create(vertx, Jwts.hsConfig());
    String token = live.mint("alice", Duration.ofMinutes(5), Map.of());
    assertEquals("alice", accepted(JwtTokenVerifier.create(vertx, Jwts.hsConfig()), token).userId());
  }
}
