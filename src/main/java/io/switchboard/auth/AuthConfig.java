package io.switchboard.auth;

import io.switchboard.config.ConfigException;
import io.switchboard.config.Durations;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validated auth options: every instance, however it was built, has passed the checks below.
 *
 * <p>Defaults: no secret, no key, no issuer or audience check, {@code requireExp} true, leeway 5 s,
 * auth timeout 10 s. A config with neither a secret nor a public key is valid here: the node
 * decides about dev mode (see {@link #hasKey()} and {@link #withSecret}). Both may be set, and then
 * HS256 tokens and tokens of the key's algorithm are accepted.
 *
 * @param secret HS256 shared secret, its raw UTF-8 bytes are the key; "" when none ({@code null} is read as "")
 * @param publicKeyPem PEM text of an RS256 or ES256 public key, "" when none; stored in canonical
 *     {@code PUBLIC KEY} form (a certificate is reduced to its key)
 * @param algorithm the algorithm of {@code publicKeyPem}, "RS256" or "ES256"; when the key is set
 *     and this is empty, it is taken from the key type; "" when there is no key
 * @param issuer when non-empty, tokens must carry this {@code iss}
 * @param audience when non-empty, tokens must carry this {@code aud} (alone or in a list)
 * @param requireExp when true a token without {@code exp} is rejected
 * @param leeway clock skew allowed on {@code exp}, {@code nbf} and {@code iat}
 * @param authTimeout how long a socket may wait for its first {@code auth} frame; positive
 * @param jwks keys fetched from a JSON Web Key Set ({@code auth.jwt.jwksUrl}), {@link JwksConfig#NONE}
 *     by default
 */
public record AuthConfig(
    String secret,
    String publicKeyPem,
    String algorithm,
    String issuer,
    String audience,
    boolean requireExp,
    Duration leeway,
    Duration authTimeout,
    JwksConfig jwks) {

  /** HS256 needs a key as long as its hash (RFC 7518 §3.2). */
  public static final int MIN_SECRET_BYTES = 32;
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(5);
  public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(10);

  private static final Set<String> SECTION_KEYS = Set.of("jwt", "timeout");
  private static final Set<String> JWT_KEYS = Set.of(
      "secret", "publicKey", "publicKeyFile", "algorithm", "issuer", "audience", "requireExp", "leeway", "jwksUrl",
      "jwksRefresh", "jwksMinInterval");

  public AuthConfig {
    secret = secret == null ? "" : secret;
    publicKeyPem = publicKeyPem == null ? "" : publicKeyPem.strip();
    algorithm = algorithm == null ? "" : algorithm.strip();
    issuer = issuer == null ? "" : issuer;
    audience = audience == null ? "" : audience;
    leeway = leeway == null ? DEFAULT_LEEWAY : leeway;
    authTimeout = authTimeout == null ? DEFAULT_AUTH_TIMEOUT : authTimeout;
    jwks = jwks == null ? JwksConfig.NONE : jwks;

    int secretBytes = secret.getBytes(StandardCharsets.UTF_8).length;
    if (!secret.isEmpty() && secretBytes < MIN_SECRET_BYTES) {
      throw new ConfigException("auth.jwt.secret must be at least " + MIN_SECRET_BYTES
          + " bytes (256 bits) for HS256; got " + secretBytes);
    }
    if (publicKeyPem.isEmpty()) {
      // An algorithm without a key selects nothing; it is ignored rather than refused.
      algorithm = "";
    } else {
      PemPublicKey.Checked key = PemPublicKey.check(publicKeyPem, algorithm);
      publicKeyPem = key.pem();
      algorithm = key.algorithm();
    }
    if (leeway.isNegative()) {
      throw new ConfigException("auth.jwt.leeway cannot be negative; got " + leeway);
    }
    if (authTimeout.isNegative() || authTimeout.isZero()) {
      throw new ConfigException("auth.timeout must be positive; got " + authTimeout);
    }
  }

  /** Without a key set: the configuration of a secret and/or a public key only. */
  public AuthConfig(String secret, String publicKeyPem, String algorithm, String issuer, String audience,
      boolean requireExp, Duration leeway, Duration authTimeout) {
    this(secret, publicKeyPem, algorithm, issuer, audience, requireExp, leeway, authTimeout, JwksConfig.NONE);
  }

  /** The defaults: no key, {@code requireExp} on, leeway 5 s, auth timeout 10 s. */
  public static AuthConfig defaults() {
    return new AuthConfig("", "", "", "", "", true, DEFAULT_LEEWAY, DEFAULT_AUTH_TIMEOUT);
  }

  /**
   * Reads the {@code auth} section:
   * {@code { jwt: { secret, publicKey, publicKeyFile, algorithm, issuer, audience, requireExp, leeway }, timeout }}.
   * {@code publicKeyFile} (a path) is read and wins over {@code publicKey} text when set. The file is
   * read synchronously: call this at start-up, not on an event loop.
   *
   * @param authSection the section, {@code null} for the defaults
   * @throws ConfigException on an unknown key, a wrongly typed value, a secret shorter than 32
   *     bytes, an unreadable or non-PEM key, or an algorithm other than RS256/ES256 next to a key
   */
  public static AuthConfig fromJson(JsonObject authSection) {
    JsonObject section = authSection == null ? new JsonObject() : authSection;
    checkKeys("auth", section, SECTION_KEYS);
    Object jwtValue = section.getValue("jwt");
    if (jwtValue != null && !(jwtValue instanceof JsonObject)) {
      throw new ConfigException("auth.jwt: expected an object");
    }
    JsonObject jwt = jwtValue == null ? new JsonObject() : (JsonObject) jwtValue;
    checkKeys("auth.jwt", jwt, JWT_KEYS);

    String keyFile = string(jwt, "publicKeyFile");
    String pem = keyFile.isEmpty() ? string(jwt, "publicKey") : readKeyFile(keyFile);
    Object requireExp = jwt.getValue("requireExp");
    if (requireExp != null && !(requireExp instanceof Boolean)) {
      throw new ConfigException("auth.jwt.requireExp: expected true or false; got '" + requireExp + "'");
    }
    Object leeway = jwt.getValue("leeway");
    Object timeout = section.getValue("timeout");
    return new AuthConfig(
        string(jwt, "secret"),
        pem,
        string(jwt, "algorithm"),
        string(jwt, "issuer"),
        string(jwt, "audience"),
        requireExp == null || (Boolean) requireExp,
        leeway == null ? DEFAULT_LEEWAY : Durations.parse("auth.jwt.leeway", leeway),
        timeout == null ? DEFAULT_AUTH_TIMEOUT : Durations.parse("auth.timeout", timeout),
        new JwksConfig(string(jwt, "jwksUrl"),
            jwt.getValue("jwksRefresh") == null ? null : Durations.parse("auth.jwt.jwksRefresh", jwt.getValue("jwksRefresh")),
            jwt.getValue("jwksMinInterval") == null ? null
                : Durations.parse("auth.jwt.jwksMinInterval", jwt.getValue("jwksMinInterval"))));
  }

  /** Whether tokens can be verified at all: a secret, a public key or a key set is configured. */
  public boolean hasKey() {
    return !secret.isEmpty() || !publicKeyPem.isEmpty() || jwks.enabled();
  }

  /** Whether a secret or a public key is configured (keys of this node's own, not fetched). */
  public boolean hasStaticKey() {
    return !secret.isEmpty() || !publicKeyPem.isEmpty();
  }

  /** A copy with another secret (dev mode generates one), validated the same way. */
  public AuthConfig withSecret(String secret) {
    return new AuthConfig(secret, publicKeyPem, algorithm, issuer, audience, requireExp, leeway, authTimeout, jwks);
  }

  /** Never prints the secret: configs end up in logs. */
  @Override
  public String toString() {
    return "AuthConfig[secret=" + (secret.isEmpty() ? "none" : "***")
        + ", publicKey=" + (publicKeyPem.isEmpty() ? "none" : algorithm)
        + ", jwksUrl=" + (jwks.enabled() ? jwks.url() : "none")
        + ", issuer=" + issuer + ", audience=" + audience + ", requireExp=" + requireExp
        + ", leeway=" + leeway + ", authTimeout=" + authTimeout + "]";
  }

  private static void checkKeys(String option, JsonObject json, Set<String> known) {
    for (String key : json.fieldNames()) {
      if (!known.contains(key)) {
        throw new ConfigException(option + ": unknown option '" + key + "' (known: " + known + ")");
      }
    }
  }

  private static String string(JsonObject json, String key) {
    Object value = json.getValue(key);
    if (value == null) {
      return "";
    }
    if (!(value instanceof String s)) {
      // The value is not echoed: it may be the secret.
      throw new ConfigException("auth.jwt." + key + ": expected a string");
    }
    return s;
  }

  private static String readKeyFile(String path) {
    try {
      return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("auth.jwt.publicKeyFile: cannot read '" + path + "': " + e, e);
    }
  }
}
