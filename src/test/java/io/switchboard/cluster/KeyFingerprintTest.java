package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.auth.AuthConfig;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The token key's fingerprint in the cluster name: stable, one per key, "dev" without a key. */
class KeyFingerprintTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  private static AuthConfig auth(String secret, String publicKeyPem) {
    return new AuthConfig(secret, publicKeyPem, "", "", "", true, null, null);
  }

  @Test
  void theFingerprintOfASecretIsFixedAcrossVersionsAndRuns() {
    // HMAC-SHA256(key = the secret, "switchboard cluster key fingerprint v1\n"), first 8 bytes: a
    // change here splits a cluster during a rolling upgrade
    assertEquals("6c95929db0911874", KeyFingerprint.of(auth(SECRET, "")).label());
    assertEquals("sb-6c95929db0911874", KeyFingerprint.of(auth(SECRET, "")).clusterName("sb"));
    assertEquals(KeyFingerprint.of(auth(SECRET, "")).label(), KeyFingerprint.of(auth(SECRET, "")).label());
  }

  @Test
  void eachKeyHasItsOwnFingerprint() throws Exception {
    String pem = ecPublicKeyPem();
    Set<String> labels = Set.of(
        KeyFingerprint.of(auth(SECRET, "")).label(),
        KeyFingerprint.of(auth(SECRET.replace('0', 'x'), "")).label(),
        KeyFingerprint.of(auth("", pem)).label(),
        KeyFingerprint.of(auth("", ecPublicKeyPem())).label(),
        KeyFingerprint.of(auth(SECRET, pem)).label());
    assertEquals(5, labels.size(), "two secrets, two public keys, a secret with a key: " + labels);
    for (String label : labels) {
      assertTrue(label.matches("[0-9a-f]{16}"), label);
    }
    assertNotEquals(KeyFingerprint.NONE.label(), KeyFingerprint.of(auth("", pem)).label());
  }

  @Test
  void withoutAKeyTheLabelIsDevSoDevNodesFindEachOther() {
    assertSame(KeyFingerprint.NONE, KeyFingerprint.of(AuthConfig.defaults()));
    assertEquals("switchboard-dev", KeyFingerprint.of(AuthConfig.defaults()).clusterName("switchboard"));
    assertTrue(KeyFingerprint.NONE.describe("switchboard").contains("dev mode: joins only other dev-mode nodes"));
    assertTrue(KeyFingerprint.of(auth(SECRET, "")).describe("switchboard").startsWith(
        "Cluster: name 'switchboard', key fingerprint 6c95929db0911874 (only nodes with the same token key join"));
  }

  private static String ecPublicKeyPem() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    byte[] der = generator.generateKeyPair().getPublic().getEncoded();
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n";
  }
}
