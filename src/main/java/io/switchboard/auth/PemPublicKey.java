package io.switchboard.auth;

import io.switchboard.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the public key of the configuration and rewrites it as a canonical {@code PUBLIC KEY}
 * PEM, because vertx-auth-jwt's own PEM reader is strict about layout (no text before the BEGIN
 * line, no blank lines) and reports problems only when the verifier is built.
 */
final class PemPublicKey {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final int MIN_RSA_BITS = 2048;
  // The order of the P-256 (secp256r1) group: ES256 means this curve and no other 256-bit one.
  private static final BigInteger P256_ORDER = new BigInteger(
      "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  private PemPublicKey() {}

  /**
   * @param pem a {@code PUBLIC KEY} (SubjectPublicKeyInfo) or {@code CERTIFICATE} PEM block
   * @param algorithm "RS256", "ES256", or "" to take it from the key type
   * @return the algorithm and the canonical PEM
   * @throws ConfigException when the text is not such a block, or the key does not fit the algorithm
   */
  static Checked check(String pem, String algorithm) {
    if (!algorithm.isEmpty() && !algorithm.equals("RS256") && !algorithm.equals("ES256")) {
      throw new ConfigException(
          "auth.jwt.algorithm must be RS256 or ES256 when a public key is set; got '" + algorithm + "'");
    }
    Matcher m = BLOCK.matcher(pem);
    if (!m.find()) {
      throw new ConfigException("auth.jwt.publicKey: expected a PEM block '-----BEGIN PUBLIC KEY-----"
          + " … -----END PUBLIC KEY-----' (or a CERTIFICATE)");
    }
    String type = m.group(1);
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("auth.jwt.publicKey: the PEM body is not valid base64");
    }
    PublicKey key = switch (type) {
      case "PUBLIC KEY" -> decodeSpki(der);
      case "CERTIFICATE" -> decodeCertificate(der);
      default -> throw new ConfigException("auth.jwt.publicKey: a '" + type + "' PEM block is not supported;"
          + " give the public key ('PUBLIC KEY', as printed by 'openssl pkey -pubout') or a 'CERTIFICATE'");
    };
    String alg = algorithm.isEmpty() ? algorithmOf(key) : algorithm;
    fits(key, alg);
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(key.getEncoded());
    return new Checked(alg, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
  }

  /** A key that passed {@link #check}. */
  record Checked(String algorithm, String pem) {}

  private static PublicKey decodeSpki(byte[] der) {
    for (String kind : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(kind).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // not this kind: try the next
      }
    }
    throw new ConfigException("auth.jwt.publicKey: the PEM does not hold an RSA or EC public key");
  }

  private static PublicKey decodeCertificate(byte[] der) {
    try {
      return CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der))
          .getPublicKey();
    } catch (GeneralSecurityException e) {
      throw new ConfigException("auth.jwt.publicKey: the CERTIFICATE cannot be read: " + e.getMessage());
    }
  }

  private static String algorithmOf(PublicKey key) {
    if (key instanceof RSAPublicKey) {
      return "RS256";
    }
    if (key instanceof ECPublicKey) {
      return "ES256";
    }
    throw new ConfigException("auth.jwt.publicKey: unsupported key type " + key.getAlgorithm());
  }

  private static void fits(PublicKey key, String algorithm) {
    switch (algorithm) {
      case "RS256" -> {
        if (!(key instanceof RSAPublicKey rsa)) {
          throw new ConfigException("auth.jwt.algorithm is RS256 but auth.jwt.publicKey is an " + key.getAlgorithm() + " key");
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
          throw new ConfigException("auth.jwt.publicKey: an RSA key for RS256 must have at least "
              + MIN_RSA_BITS + " bits; got " + bits);
        }
      }
      case "ES256" -> {
        if (!(key instanceof ECPublicKey ec)) {
          throw new ConfigException("auth.jwt.algorithm is ES256 but auth.jwt.publicKey is an " + key.getAlgorithm() + " key");
        }
        if (!P256_ORDER.equals(ec.getParams().getOrder())) {
          throw new ConfigException("auth.jwt.publicKey: ES256 needs a key on the P-256 (secp256r1) curve");
        }
      }
      default -> throw new ConfigException(
          "auth.jwt.algorithm must be RS256 or ES256 when a public key is set; got '" + algorithm + "'");
    }
  }
}
