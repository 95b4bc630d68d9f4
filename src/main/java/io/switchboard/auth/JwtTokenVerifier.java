package io.switchboard.auth;

import io.switchboard.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link TokenVerifier} for JWTs signed with the configured HS256 secret and/or RS256/ES256
 * public key, built on vertx-auth-jwt's {@link JWTAuth}.
 *
 * <p>The checks, in order, each with its {@link AuthFailure}: a token at all (MISSING); three
 * base64url segments of JSON (MALFORMED); an {@code alg} that a configured key is meant for, never
 * {@code none} (BAD_SIGNATURE: this also stops an HS256 token signed with the RSA public key's
 * text); the signature, by {@link JWTAuth} (BAD_SIGNATURE); then, on the verified payload only, the
 * registered claims (see {@link RegisteredClaims}). The time, issuer and audience checks are ours,
 * not {@link JWTAuth}'s, so that each refusal has a name.
 *
 * <p>Thread-safe; one instance serves every event loop.
 */
public final class JwtTokenVerifier implements TokenVerifier {
  private final JWTAuth signatures;
  private final Set<String> algorithms;
  private final RegisteredClaims claims;
  private final Clock clock;

  private JwtTokenVerifier(JWTAuth signatures, Set<String> algorithms, RegisteredClaims claims, Clock clock) {
    this.signatures = signatures;
    this.algorithms = algorithms;
    this.claims = claims;
    this.clock = clock;
  }

  /**
   * @throws ConfigException when the config has neither a secret nor a public key: a verifier
   *     without a key would refuse every token, which is a configuration mistake, not a policy
   */
  public static JwtTokenVerifier create(Vertx vertx, AuthConfig config) {
    return create(vertx, config, Clock.systemUTC());
  }

  /** As {@link #create(Vertx, AuthConfig)}, with the clock that decides expiry (for tests). */
  static JwtTokenVerifier create(Vertx vertx, AuthConfig config, Clock clock) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(config, "config");
    if (!config.hasKey()) {
      throw new ConfigException("auth.jwt: set a secret (HS256) or a publicKey (RS256/ES256) to verify tokens");
    }
    Set<String> algorithms = new LinkedHashSet<>();
    JWTAuthOptions options = new JWTAuthOptions()
        // Everything after the signature is checked by RegisteredClaims; see the class comment.
        .setJWTOptions(new JWTOptions().setIgnoreExpiration(true));
    if (!config.secret().isEmpty()) {
      algorithms.add("HS256");
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(config.secret()));
    }
    if (!config.publicKeyPem().isEmpty()) {
      algorithms.add(config.algorithm());
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(config.algorithm()).setBuffer(config.publicKeyPem()));
    }
    JWTAuth auth;
    try {
      auth = JWTAuth.create(vertx, options);
    } catch (RuntimeException e) {
      throw new ConfigException("auth.jwt: vertx-auth-jwt refused the key: " + e.getMessage(), e);
    }
    return new JwtTokenVerifier(auth, Set.copyOf(algorithms), new RegisteredClaims(config), clock);
  }

  /**
   * A verifier for one public key of a JSON Web Key Set ({@link JwksTokenVerifier}): an RSA or EC
   * key ({@code kty} RSA or EC), for its {@code alg} (RS256 or ES256; RS256 for RSA and ES256 for a
   * P-256 key when the set names none). Symmetric keys ({@code oct}) are refused: a key fetched
   * from a URL must not be able to sign tokens.
   *
   * @throws IllegalArgumentException naming what the key lacks, when it cannot verify tokens
   */
  static JwtTokenVerifier forJwk(Vertx vertx, JsonObject jwk, AuthConfig config, Clock clock) {
    String kty = jwk.getValue("kty") instanceof String k ? k : "";
    String alg = jwk.getValue("alg") instanceof String a ? a : switch (kty) {
      case "RSA" -> "RS256";
      case "EC" -> "P-256".equals(jwk.getValue("crv")) ? "ES256" : "";
      default -> "";
    };
    if (!(kty.equals("RSA") && alg.equals("RS256")) && !(kty.equals("EC") && alg.equals("ES256"))) {
      throw new IllegalArgumentException("kty '" + kty + "' with alg '" + alg + "' (accepted: RSA RS256, EC P-256 ES256)");
    }
    JWTAuthOptions options = new JWTAuthOptions()
        .setJWTOptions(new JWTOptions().setIgnoreExpiration(true))
        .addJwk(jwk.copy().put("alg", alg));
    return new JwtTokenVerifier(JWTAuth.create(vertx, options), Set.of(alg), new RegisteredClaims(config), clock);
  }

  @Override
  public Future<Identity> verify(String token) {
    CompactJws jws;
    try {
      jws = CompactJws.parse(token);
    } catch (AuthException e) {
      return Future.failedFuture(e);
    }
    return verify(token, jws);
  }

  /** As {@link #verify(String)}, for a token its caller has parsed already ({@link JwksTokenVerifier}). */
  Future<Identity> verify(String token, CompactJws jws) {
    String alg = jws.algorithm();
    if (alg == null) {
      return Future.failedFuture(new AuthException(AuthFailure.MALFORMED, "the header has no alg"));
    }
    if (!algorithms.contains(alg)) {
      // The algorithm is one of a few registered names, or an attacker's string: quote it only if short.
      String shown = alg.length() <= 16 ? alg : alg.substring(0, 16) + "…";
      return Future.failedFuture(new AuthException(AuthFailure.BAD_SIGNATURE,
          "alg '" + shown + "' is not accepted (accepted: " + algorithms + ")"));
    }
    Future<?> signature;
    try {
      signature = signatures.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      signature = Future.failedFuture(e);
    }
    // vertx-auth-jwt's messages are about the signature and never quote the token, but they are
    // not ours to promise: only their class is kept.
    return signature.transform(result -> result.succeeded()
        ? checkClaims(jws)
        : Future.failedFuture(new AuthException(AuthFailure.BAD_SIGNATURE,
            "signature not verified (" + result.cause().getClass().getSimpleName() + ")")));
  }

  private Future<Identity> checkClaims(CompactJws jws) {
    try {
      return Future.succeededFuture(claims.check(jws.payload(), clock.millis()));
    } catch (AuthException e) {
      return Future.failedFuture(e);
    }
  }
}
