package io.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthConfigTest {
  private static KeyPair rsa;
  private static KeyPair ec;

  @BeforeAll
  static void keys() {
    rsa = Jwts.rsa(2048);
    ec = Jwts.ec("secp256r1");
  }

  private static AuthConfig jwt(JsonObject jwt) {
    return AuthConfig.fromJson(new JsonObject().put("jwt", jwt));
  }

  private static String failure(Runnable build) {
    return assertThrows(ConfigException.class, build::run).getMessage();
  }

  @Test
  void defaults() {
    for (AuthConfig config : new AuthConfig[] {AuthConfig.fromJson(null), AuthConfig.fromJson(new JsonObject())}) {
      assertEquals(AuthConfig.defaults(), config);
      assertFalse(config.hasKey());
      assertTrue(config.requireExp());
      assertEquals(Duration.ofSeconds(5), config.leeway());
      assertEquals(Duration.ofSeconds(10), config.authTimeout());
    }
  }

  @Test
  void readsEveryOption() {
    AuthConfig config = AuthConfig.fromJson(new JsonObject()
        .put("timeout", "30s")
        .put("jwt", new JsonObject()
            .put("secret", Jwts.SECRET)
            .put("issuer", "https://id.example")
            .put("audience", "switchboard")
            .put("requireExp", false)
            .put("leeway", 2000)));
    assertEquals(Jwts.SECRET, config.secret());
    assertEquals("https://id.example", config.issuer());
    assertEquals("switchboard", config.audience());
    assertFalse(config.requireExp());
    assertEquals(Duration.ofSeconds(2), config.leeway());
    assertEquals(Duration.ofSeconds(30), config.authTimeout());
    assertTrue(config.hasKey());
  }

  @Test
  void shortSecretIsRefusedWithItsLengthInBytes() {
    assertEquals("auth.jwt.secret must be at least 32 bytes (256 bits) for HS256; got 5",
        failure(() -> jwt(new JsonObject().put("secret", "short"))));
    // 'é' is two bytes in UTF-8: 16 of them are enough, 15 are not.
    jwt(new JsonObject().put("secret", "é".repeat(16)));
    assertEquals("auth.jwt.secret must be at least 32 bytes (256 bits) for HS256; got 30",
        failure(() -> jwt(new JsonObject().put("secret", "é".repeat(15)))));
  }

  @Test
  void unknownOptionsAreRefused() {
    assertTrue(failure(() -> AuthConfig.fromJson(new JsonObject().put("jwtt", new JsonObject()))).contains("'jwtt'"));
    assertTrue(failure(() -> jwt(new JsonObject().put("secrett", Jwts.SECRET))).contains("'secrett'"));
  }

  @Test
  void wronglyTypedValuesAreRefused() {
    failure(() -> AuthConfig.fromJson(new JsonObject().put("jwt", "secret")));
    String secretMessage = failure(() -> jwt(new JsonObject().put("secret", 1234567890)));
    assertFalse(secretMessage.contains("1234567890"), "a secret is never echoed");
    failure(() -> jwt(new JsonObject().put("requireExp", "yes")));
    failure(() -> jwt(new JsonObject().put("leeway", "soon")));
    failure(() -> AuthConfig.fromJson(new JsonObject().put("timeout", "0s")));
  }

  @Test
  void publicKeyTextIsReadAndCanonicalised() {
    String messy = "\n\n" + Jwts.publicPem(rsa).replace("\n", "\r\n") + "\n";
    AuthConfig config = jwt(new JsonObject().put("publicKey", messy).put("algorithm", "RS256"));
    assertEquals(Jwts.publicPem(rsa), config.publicKeyPem());
    assertEquals("RS256", config.algorithm());
    assertTrue(config.hasKey());
  }

  @Test
  void publicKeyFileWinsOverText(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("key.pem");
    Files.writeString(file, Jwts.publicPem(ec));
    AuthConfig config = jwt(new JsonObject()
        .put("publicKey", "not a key").put("publicKeyFile", file.toString()).put("algorithm", "ES256"));
    assertEquals(Jwts.publicPem(ec), config.publicKeyPem());
    assertTrue(failure(() -> jwt(new JsonObject().put("publicKeyFile", dir.resolve("missing.pem").toString())))
        .contains("publicKeyFile"));
  }

  @Test
  void nonPemKeysAreRefused() {
    failure(() -> jwt(new JsonObject().put("publicKey", "hello").put("algorithm", "RS256")));
    failure(() -> jwt(new JsonObject().put("publicKey",
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----").put("algorithm", "RS256")));
    failure(() -> jwt(new JsonObject().put("publicKey", "-----BEGIN PUBLIC KEY-----\n@@@@\n-----END PUBLIC KEY-----")));
    String privateKey = failure(() -> jwt(new JsonObject().put("publicKey", Jwts.privatePem(rsa)).put("algorithm", "RS256")));
    assertTrue(privateKey.contains("PRIVATE KEY"), privateKey);
  }

  @Test
  void algorithmMustFitTheKey() {
    String hs = failure(() -> jwt(new JsonObject().put("publicKey", Jwts.publicPem(rsa)).put("algorithm", "HS256")));
    assertTrue(hs.contains("RS256 or ES256"), hs);
    failure(() -> jwt(new JsonObject().put("publicKey", Jwts.publicPem(rsa)).put("algorithm", "PS256")));
    failure(() -> jwt(new JsonObject().put("publicKey", Jwts.publicPem(ec)).put("algorithm", "RS256")));
    failure(() -> jwt(new JsonObject().put("publicKey", Jwts.publicPem(rsa)).put("algorithm", "ES256")));
    failure(() -> jwt(new JsonObject().put("publicKey", Jwts.publicPem(Jwts.ec("secp384r1"))).put("algorithm", "ES256")));
    failure(() -> jwt(new JsonObject().put("publicKey", Jwts.publicPem(Jwts.rsa(1024))).put("algorithm", "RS256")));
  }

  @Test
  void algorithmWithoutAKeyIsIgnored() {
    AuthConfig config = jwt(new JsonObject().put("secret", Jwts.SECRET).put("algorithm", "RS256"));
    assertEquals("", config.algorithm());
  }

  @Test
  void withSecretValidatesTheSameWay() {
    assertTrue(AuthConfig.defaults().withSecret(Jwts.SECRET).hasKey());
    assertThrows(ConfigException.class, () -> AuthConfig.defaults().withSecret("too short"));
    AuthConfig keyed = Jwts.keyConfig(Jwts.publicPem(rsa), "RS256").withSecret(Jwts.SECRET);
    assertEquals("RS256", keyed.algorithm());
    assertEquals(Jwts.SECRET, keyed.secret());
  }

  @Test
  void toStringHidesTheSecret() {
    assertFalse(AuthConfig.defaults().withSecret(Jwts.SECRET).toString().contains(Jwts.SECRET));
  }
}
