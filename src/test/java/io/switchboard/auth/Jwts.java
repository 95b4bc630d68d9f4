package io.switchboard.auth;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hand-made tokens for tests, signed with the JDK rather than vertx-auth-jwt so that the verifier
 * is checked against an independent implementation, and so that headers can be forged at will.
 */
final class Jwts {
  /** The fixed "now" of the tests, in seconds. */
  static final long NOW = 1_700_000_000L;
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  static final String SECRET = "0123456789abcdef0123456789abcdef-test-secret";

  private Jwts() {}

  static JsonObject header(String alg) {
    return new JsonObject().put("alg", alg).put("typ", "JWT");
  }

  /** A payload valid at {@link #NOW}: sub, iat, exp one hour later. */
  static JsonObject claims(String sub) {
    return new JsonObject().put("sub", sub).put("iat", NOW).put("exp", NOW + 3600);
  }

  static String segment(JsonObject json) {
    return segment(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  static String segment(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String hs256(String secret, JsonObject payload) {
    return hs256(secret, header("HS256"), payload);
  }

  static String hs256(String secret, JsonObject header, JsonObject payload) {
    String signingInput = segment(header) + "." + segment(payload);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + segment(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** RS256 with SHA256withRSA, ES256 with the raw R||S signature JWS wants (not DER). */
  static String sign(String alg, PrivateKey key, JsonObject payload) {
    return sign(header(alg), key, payload);
  }

  /** As above, with a header of the caller's (a {@code kid}, say). */
  static String sign(JsonObject header, PrivateKey key, JsonObject payload) {
    String alg = header.getString("alg");
    String signingInput = segment(header) + "." + segment(payload);
    String jdkAlgorithm = switch (alg) {
      case "RS256" -> "SHA256withRSA";
      case "ES256" -> "SHA256withECDSAinP1363Format";
      default -> throw new IllegalArgumentException(alg);
    };
    try {
      Signature signature = Signature.getInstance(jdkAlgorithm);
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + segment(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static KeyPair ec(String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(curve));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  static String publicPem(KeyPair pair) {
    return pem("PUBLIC KEY", pair.getPublic().getEncoded());
  }

  static String privatePem(KeyPair pair) {
    return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
  }

  /** HS256 config: requireExp on, leeway 5 s. */
  static AuthConfig hsConfig() {
    return AuthConfig.defaults().withSecret(SECRET);
  }

  static AuthConfig keyConfig(String pem, String algorithm) {
    return new AuthConfig("", pem, algorithm, "", "", true, null, null);
  }
}
