package io.switchboard.cluster;

import io.switchboard.auth.AuthConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A short label for the token key a node verifies with, appended to its Hazelcast cluster name
 * ({@code <cluster.name>-<label>}): Hazelcast refuses a member whose cluster name differs, so nodes
 * with different keys, and nodes without one (dev mode), never form one cluster.
 *
 * <p>The label is the first 8 bytes, in hex, of HMAC-SHA256 keyed with the key ({@code
 * auth.jwt.secret}'s UTF-8 bytes, else the canonical PEM of the public key, else the key set's
 * URL) over a fixed text followed by the public key's PEM ("" when none) and the key set's URL
 * (nothing when none), so that a secret alone, a public key alone, a key set, and any of them
 * together all differ. It reveals nothing a token signed with the same key does not: a
 * random secret of 32 bytes cannot be found from it, a guessable one can be guessed either way.
 * Nodes without a key share the label {@code dev}.
 *
 * <p>This keeps apart nodes that would not understand each other's tokens; it is not
 * authentication: the cluster name travels in clear on the member port, and anyone who reads it
 * can join.
 */
public final class KeyFingerprint {
  /** No token key configured (dev mode; the bench ceiling, which verifies no tokens). */
  public static final KeyFingerprint NONE = new KeyFingerprint("dev");

  private static final String CONTEXT = "switchboard cluster key fingerprint v1\n";
  private static final int BYTES = 8;

  private final String label;

  private KeyFingerprint(String label) {
    this.label = label;
  }

  /** The fingerprint of the configured key, {@link #NONE} when there is none. */
  public static KeyFingerprint of(AuthConfig auth) {
    if (!auth.hasKey()) {
      return NONE;
    }
    String jwks = auth.jwks().enabled() ? "\njwks " + auth.jwks().url() : ""; // nothing added without one
    String key = !auth.secret().isEmpty() ? auth.secret() : !auth.publicKeyPem().isEmpty() ? auth.publicKeyPem() : jwks;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((CONTEXT + auth.publicKeyPem() + jwks).getBytes(StandardCharsets.UTF_8));
      return new KeyFingerprint(HexFormat.of().formatHex(digest, 0, BYTES));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /** 16 hex digits of the SHA-256 of {@code text}: a short label of a configuration, not a secret. */
  public static String hex(String text) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** 16 hex digits, or {@code dev} for {@link #NONE}. */
  public String label() {
    return label;
  }

  /** The Hazelcast cluster name of nodes configured with {@code name} and this key. */
  public String clusterName(String name) {
    return name + "-" + label;
  }

  /** The start-up line saying which nodes this one can join. */
  String describe(String name) {
    String hazelcastName = "Hazelcast cluster '" + clusterName(name) + "'";
    return this == NONE
        ? "Cluster: name '" + name + "', dev mode: joins only other dev-mode nodes (" + hazelcastName + ")"
        : "Cluster: name '" + name + "', key fingerprint " + label
            + " (only nodes with the same token key join; " + hazelcastName + ")";
  }

  @Override
  public String toString() {
    return label;
  }
}
