package io.switchboard.auth;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Verifies tokens with the public keys of a JSON Web Key Set fetched over HTTP ({@link JwksConfig}),
 * the key chosen by the token header's {@code kid}; a token without a {@code kid}, or naming no key
 * of the set, goes to the node's own keys when it has any ({@code fallback}), else is refused.
 *
 * <p>The set is fetched at creation, again in the background when it is older than {@code
 * refresh} (the keys held serve meanwhile), and at once when a token names a key the set does not
 * hold (a rotation), at most once per {@code minInterval}; one fetch runs at a time, whoever asks.
 * A fetch that fails keeps the keys held (an identity provider that is down does not log anyone
 * out) and is logged. A set is at most 1 MiB and 100 keys; keys that cannot verify tokens
 * (symmetric ones among them) are skipped.
 *
 * <p>Thread-safe; one instance serves every event loop. A verification that waits for a fetch
 * completes on the caller's context, whichever loop the fetch ran on.
 */
public final class JwksTokenVerifier implements TokenVerifier {
  private static final Logger LOG = Logger.getLogger(JwksTokenVerifier.class.getName());
  private static final int MAX_BYTES = 1 << 20;
  private static final int MAX_KEYS = 100;
  private static final int TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final AuthConfig config;
  private final JwksConfig jwks;
  private final JwtTokenVerifier fallback;
  private final Clock clock;
  private final HttpClient http;
  private final AtomicReference<KeySet> keys = new AtomicReference<>(new KeySet(Map.of(), 0));
  private final AtomicReference<Future<KeySet>> fetching = new AtomicReference<>();
  private final AtomicLong lastFetchNanos = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

  /** The keys of one fetch, by {@code kid}. */
  private record KeySet(Map<String, JwtTokenVerifier> byKid, long fetchedAtNanos) {}

  private JwksTokenVerifier(Vertx vertx, AuthConfig config, JwtTokenVerifier fallback, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.jwks = config.jwks();
    this.fallback = fallback;
    this.clock = clock;
    this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(TIMEOUT_MS), new PoolOptions().setHttp1MaxSize(1));
  }

  /**
   * The verifier for {@code config}: its key set when it has one (starting the first fetch), with
   * its secret or public key behind it; else a {@link JwtTokenVerifier} of those alone.
   */
  public static TokenVerifier create(Vertx vertx, AuthConfig config) {
    return create(vertx, config, Clock.systemUTC());
  }

  static TokenVerifier create(Vertx vertx, AuthConfig config, Clock clock) {
    if (!config.jwks().enabled()) {
      return JwtTokenVerifier.create(vertx, config, clock);
    }
    JwksTokenVerifier verifier = new JwksTokenVerifier(vertx, config,
        config.hasStaticKey() ? JwtTokenVerifier.create(vertx, config, clock) : null, clock);
    verifier.fetch();
    return verifier;
  }

  @Override
  public Future<Identity> verify(String token) {
    CompactJws jws;
    try {
      jws = CompactJws.parse(token);
    } catch (AuthException e) {
      return Future.failedFuture(e);
    }
    String kid = jws.header().getValue("kid") instanceof String k ? k : null;
    KeySet held = keys.get();
    if (System.nanoTime() - held.fetchedAtNanos() > jwks.refresh().toNanos()) {
      fetch(); // in the background: the keys held serve this token
    }
    JwtTokenVerifier key = kid == null ? null : held.byKid().get(kid);
    if (key != null) {
      return key.verify(token, jws);
    }
    if (kid == null || (System.nanoTime() - lastFetchNanos.get() < jwks.minInterval().toNanos() && fetching.get() == null)) {
      return orFallback(token, jws, kid);
    }
    // a key the set did not hold: maybe rotated in since; fetch (or join the fetch running) and look again
    return onCallersContext(fetch().compose(fetched -> {
      JwtTokenVerifier rotated = fetched.byKid().get(kid);
      return rotated != null ? rotated.verify(token, jws) : orFallback(token, jws, kid);
    }));
  }

  private Future<Identity> orFallback(String token, CompactJws jws, String kid) {
    if (fallback != null) {
      return fallback.verify(token, jws);
    }
    return Future.failedFuture(new AuthException(AuthFailure.BAD_SIGNATURE, kid == null
        ? "no kid in the header: the key set's keys are named"
        : "kid names no key of the key set"));
  }

  /** {@code result}, its completion moved onto the context of the calling event loop (when there is one). */
  private static <T> Future<T> onCallersContext(Future<T> result) {
    Context caller = Vertx.currentContext();
    if (caller == null) {
      return result;
    }
    Promise<T> here = Promise.promise();
    result.onComplete(ar -> caller.runOnContext(v -> here.handle(ar)));
    return here.future();
  }

  /** Fetches the set, or joins the fetch running; completes with the keys held after it, fetched or not. */
  private Future<KeySet> fetch() {
    Promise<KeySet> mine = Promise.promise();
    if (!fetching.compareAndSet(null, mine.future())) {
      Future<KeySet> running = fetching.get();
      return running != null ? running : Future.succeededFuture(keys.get());
    }
    lastFetchNanos.set(System.nanoTime());
    http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(jwks.url()).setIdleTimeout(TIMEOUT_MS)
            .addHeader("Accept", "application/json"))
        .compose(request -> request.send())
        .compose(this::boundedBody)
        .map(this::parse)
        .onComplete(ar -> {
          if (ar.succeeded()) {
            keys.set(ar.result());
          } else {
            LOG.warning("auth.jwt.jwksUrl " + jwks.url() + ": could not fetch the key set (" + ar.cause().getMessage()
                + "); the " + keys.get().byKid().size() + " key(s) held still serve");
          }
          fetching.set(null);
          mine.complete(keys.get());
        });
    return mine.future();
  }

  private Future<Buffer> boundedBody(HttpClientResponse response) {
    if (response.statusCode() != 200) {
      response.request().reset();
      return Future.failedFuture("HTTP " + response.statusCode());
    }
    Promise<Buffer> body = Promise.promise();
    Buffer read = Buffer.buffer();
    response.handler(chunk -> {
      if (read.length() + chunk.length() > MAX_BYTES) {
        body.tryFail("the key set is larger than " + MAX_BYTES + " bytes");
        response.request().reset();
      } else {
        read.appendBuffer(chunk);
      }
    });
    response.exceptionHandler(body::tryFail);
    response.endHandler(v -> body.tryComplete(read));
    return body.future();
  }

  private KeySet parse(Buffer body) {
    Object keysValue = new JsonObject(body).getValue("keys");
    if (!(keysValue instanceof JsonArray list)) {
      throw new IllegalArgumentException("no \"keys\" array");
    }
    Map<String, JwtTokenVerifier> byKid = new HashMap<>();
    int skipped = 0;
    for (Object entry : list) {
      if (byKid.size() >= MAX_KEYS) {
        skipped++;
        continue;
      }
      if (!(entry instanceof JsonObject jwk) || !(jwk.getValue("kid") instanceof String kid)
          || (jwk.getValue("use") != null && !"sig".equals(jwk.getValue("use")))) {
        skipped++;
        continue;
      }
      try {
        byKid.put(kid, JwtTokenVerifier.forJwk(vertx, jwk, config, clock));
      } catch (RuntimeException unusable) {
        skipped++;
      }
    }
    if (skipped > 0) {
      LOG.warning("auth.jwt.jwksUrl " + jwks.url() + ": " + skipped + " key(s) skipped (no kid, not for signatures,"
          + " not RSA RS256 or EC P-256 ES256, or over " + MAX_KEYS + ")");
    }
    return new KeySet(Map.copyOf(byKid), System.nanoTime());
  }
}
