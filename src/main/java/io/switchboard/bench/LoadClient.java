package io.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The load generator's connections: one Vert.x instance, one {@link WebSocketClient} per source
 * address 127.0.0.2–127.0.0.30 (so that the 4-tuple space of one source address is never the limit)
 * or a single one on the kernel's default source address, token minting, and connecting at a
 * controlled ramp with a bounded number of handshakes in flight.
 * Call its blocking methods from a plain thread, never from an event loop.
 */
public final class LoadClient implements AutoCloseable {

  /** First and last source address octet used. */
  static final int FIRST_SRC = 2;
  static final int LAST_SRC = 30;

  private final Vertx vertx;
  private final List<WebSocketClient> clients = new ArrayList<>();
  private final HttpClient http;
  private final JWTAuth jwt;
  private final LoadCounters counters = new LoadCounters();
  private int next;

  /**
   * @param secret the HS256 secret shared with the server
   * @param eventLoops client event loops
   * @param spreadSources connect from 127.0.0.2–127.0.0.30 in turn; false: from the kernel's
   *     default source address (127.0.0.1 for a server on 127.0.0.1), with no local bind
   */
  public LoadClient(String secret, int eventLoops, boolean spreadSources) {
    vertx = Vertx.builder()
        .with(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(eventLoops))
        .build();
    for (int i = spreadSources ? FIRST_SRC : LAST_SRC; i <= LAST_SRC; i++) {
      clients.add(vertx.createWebSocketClient(new WebSocketClientOptions()
          .setLocalAddress(spreadSources ? "127.0.0." + i : null)
          .setMaxConnections(100_000)
          .setConnectTimeout(10_000)
          .setTcpNoDelay(true)
          .setMaxMessageSize(4 * 1024 * 1024)));
    }
    http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000));
    jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
  }

  /** The client's Vert.x (timers, contexts). */
  public Vertx vertx() {
    return vertx;
  }

  /** The counters shared by all sockets of this client. */
  public LoadCounters counters() {
    return counters;
  }

  /** A token for {@code user}, valid one hour. */
  public String token(String user) {
    return jwt.generateToken(new JsonObject().put("sub", user), new JWTOptions().setExpiresInSeconds(3600));
  }

  /** A correctly signed token for {@code user} that expired an hour ago (issued two hours ago). */
  public String expiredToken(String user) {
    long now = System.currentTimeMillis() / 1000;
    return jwt.generateToken(new JsonObject().put("sub", user).put("iat", now - 7200).put("exp", now - 3600),
        new JWTOptions().setNoTimestamp(true));
  }

  /** Opens one connection from the next source address (round robin). */
  public synchronized Future<io.vertx.core.http.WebSocket> connect(LoopbackUrl url, String token) {
    WebSocketClient c = clients.get(next);
    next = (next + 1) % clients.size();
    return c.connect(new WebSocketConnectOptions()
        .setHost(url.host())
        .setPort(url.port())
        .setURI(url.requestUri(token)));
  }

  /** Result of {@link #connectAll}: the sockets that opened, and how long it took. */
  public record Connected(List<BenchSocket> sockets, int failed, List<String> firstFailures, double seconds) {}

  /** As below, at the round's {@code ramp}. */
  public Connected connectAll(LoopbackUrl url, int n, IntFunction<String> users, Scenario.Ramp ramp)
      throws InterruptedException {
    return connectAll(url, n, users, ramp.perSecond(), ramp.inFlight(), ramp.timeoutSeconds());
  }

  /**
   * Opens {@code n} connections at {@code perSecond}, at most {@code inFlight} handshakes at once,
   * and waits for all of them (or {@code timeoutSeconds} overall). Socket {@code i} authenticates as
   * {@code users.apply(i)}.
   */
  public Connected connectAll(LoopbackUrl url, int n, IntFunction<String> users, double perSecond,
      int inFlight, double timeoutSeconds) throws InterruptedException {
    return connectAll(i -> url, n, users, perSecond, inFlight, timeoutSeconds, s -> { });
  }

  /**
   * As {@link #connectAll(LoopbackUrl, int, IntFunction, double, int, double)}, socket {@code i} to
   * {@code urls.apply(i)}; {@code onOpen} runs on each socket's event loop as soon as it is open
   * (e.g. to subscribe at once), before this method returns.
   */
  public Connected connectAll(IntFunction<LoopbackUrl> urls, int n, IntFunction<String> users, double perSecond,
      int inFlight, double timeoutSeconds, Consumer<BenchSocket> onOpen) throws InterruptedException {
    List<BenchSocket> sockets = Collections.synchronizedList(new ArrayList<>());
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    ConcurrentHashMap<Integer, BenchSocket> byIndex = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(n);
    Semaphore window = new Semaphore(inFlight);
    long start = System.nanoTime();
    long deadline = start + (long) (timeoutSeconds * 1e9);
    for (int i = 0; i < n; i++) {
      long due = start + (long) (i / perSecond * 1e9);
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || !window.tryAcquire(left, TimeUnit.NANOSECONDS)) {
        failures.add("ramp timed out before connection " + i);
        for (int k = i; k < n; k++) {
          done.countDown();
        }
        break;
      }
      final int idx = i;
      String user = users.apply(i);
      connect(urls.apply(i), token(user)).onComplete(ar -> {
        window.release();
        if (ar.succeeded()) {
          BenchSocket s = new BenchSocket(idx, user, ar.result(), vertx.getOrCreateContext(), counters);
          byIndex.put(idx, s);
          onOpen.accept(s);
        } else {
          counters.inc("connect_failed");
          if (failures.size() < 5) {
            failures.add(String.valueOf(ar.cause()));
          }
        }
        done.countDown();
      });
    }
    done.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    double secs = (System.nanoTime() - start) / 1e9;
    for (int i = 0; i < n; i++) {
      BenchSocket s = byIndex.get(i);
      if (s != null) {
        sockets.add(s);
      }
    }
    return new Connected(new ArrayList<>(sockets), n - sockets.size(), new ArrayList<>(failures), secs);
  }

  /** Closes all sockets normally and waits (bounded) for the closes. */
  public void closeAll(List<BenchSocket> sockets, double timeoutSeconds) {
    List<Future<Void>> fs = new ArrayList<>();
    for (BenchSocket s : sockets) {
      fs.add(s.close());
    }
    CountDownLatch l = new CountDownLatch(1);
    Future.join(fs).onComplete(ar -> l.countDown());
    try {
      l.await((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** GETs a JSON document (the server's {@code /stats}); blocks, bounded by {@code timeoutMs}. */
  public JsonObject getJson(String host, int port, String uri, long timeoutMs) {
    return get(host, port, uri, timeoutMs).map(b -> b.toJsonObject()).await();
  }

  /** GETs a text document (the server's {@code /metrics}); blocks, bounded by {@code timeoutMs}. */
  public String getText(String host, int port, String uri, long timeoutMs) {
    return get(host, port, uri, timeoutMs).map(b -> b.toString()).await();
  }

  private Future<io.vertx.core.buffer.Buffer> get(String host, int port, String uri, long timeoutMs) {
    return http.request(HttpMethod.GET, port, host, uri)
        .compose(req -> req.idleTimeout(timeoutMs).send())
        .compose(resp -> {
          if (resp.statusCode() != 200) {
            return Future.failedFuture("HTTP " + resp.statusCode() + " for " + uri);
          }
          return resp.body();
        });
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
