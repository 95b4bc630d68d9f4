package io.switchboard.auth;

import io.switchboard.config.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Mints HS256 tokens with the configured secret, for the {@code token} command, the dev-mode
 * banner, tests and the benchmark tool. RS256/ES256 tokens are not minted here: only the public key
 * is configured, the private key stays with the identity provider.
 *
 * <p>Thread-safe; minting is CPU-only and does not block.
 */
public final class TokenMinter {
  /** Claims the arguments of {@link #mint} set, which {@code extraClaims} may not override. */
  private static final Set<String> SET_BY_MINTER = Set.of("sub", "iat", "exp");

  private final JWTAuth signer;
  private final JWTOptions options;
  private final AuthConfig config;
  private final Clock clock;

  private TokenMinter(JWTAuth signer, AuthConfig config, Clock clock) {
    this.signer = signer;
    this.config = config;
    // noTimestamp: iat is set by mint() from the same clock as exp.
    this.options = new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true);
    this.clock = clock;
  }

  /** @throws ConfigException when the config has no secret */
  public static TokenMinter create(Vertx vertx, AuthConfig config) {
    return create(vertx, config, Clock.systemUTC());
  }

  /** As {@link #create(Vertx, AuthConfig)}, with the clock for {@code iat} and {@code exp} (for tests). */
  static TokenMinter create(Vertx vertx, AuthConfig config, Clock clock) {
    Objects.requireNonNull(vertx, "vertx");
    if (config.secret().isEmpty()) {
      throw new ConfigException("minting needs auth.jwt.secret (HS256); RS256/ES256 keys are verified here"
          + " but tokens are minted by your identity provider");
    }
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(config.secret())));
    return new TokenMinter(signer, config, clock);
  }

  /**
   * @param subject the user id, the {@code sub} claim; not blank
   * @param ttl lifetime from now, giving {@code exp}; {@code null} for no {@code exp}; a negative
   *     ttl mints an already expired token (for tests)
   * @param extraClaims more claims, values String, Number or Boolean; a string stays a string
   *     (the caller converts command-line text such as "true" or "42" if it means otherwise);
   *     {@code null} for none; the configured issuer and audience are added as {@code iss} and
   *     {@code aud} unless given here
   * @return the compact JWS
   * @throws IllegalArgumentException on a blank subject, a claim named sub, iat or exp, or a value
   *     of another type
   */
  public String mint(String subject, Duration ttl, Map<String, Object> extraClaims) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("a token needs a non-blank subject");
    }
    JsonObject claims = new JsonObject();
    if (extraClaims != null) {
      extraClaims.forEach((name, value) -> {
        if (SET_BY_MINTER.contains(name)) {
          throw new IllegalArgumentException("claim '" + name + "' is set from the subject and ttl");
        }
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
          throw new IllegalArgumentException("claim '" + name + "': values are strings, numbers or booleans");
        }
        claims.put(name, value);
      });
    }
    // So that the node's own verifier accepts what it mints, unless the caller says otherwise.
    if (!config.issuer().isEmpty() && !claims.containsKey("iss")) {
      claims.put("iss", config.issuer());
    }
    if (!config.audience().isEmpty() && !claims.containsKey("aud")) {
      claims.put("aud", config.audience());
    }
    long nowSeconds = clock.millis() / 1000;
    claims.put("sub", subject).put("iat", nowSeconds);
    if (ttl != null) {
      claims.put("exp", nowSeconds + ttl.toSeconds());
    }
    return signer.generateToken(claims, options);
  }
}
