package io.switchboard.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ceiling: the least a Vert.x server can do for the Switchboard protocol (no auth check, no
 * presence, no limits, one channel index per event loop, native epoll transport when available).
 * Its figures bound what the gateway can reach on the same machine.
 */
public final class CeilingServer implements AutoCloseable {

  private final Vertx vertx;
  private final int instances;

  private CeilingServer(Vertx vertx, int instances) {
    this.vertx = vertx;
    this.instances = instances;
  }

  /**
   * Starts the server and waits until it listens. Call from a plain thread.
   *
   * @param instances event loops (and verticles); 0 means one per core
   */
  public static CeilingServer start(String host, int port, int instances) {
    int n = Math.min(64, instances > 0 ? instances : Runtime.getRuntime().availableProcessors());
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(n))
        .build();
    vertx.eventBus().registerDefaultCodec(CeilingVerticle.Fanout.class, new CeilingVerticle.FanoutCodec());
    CeilingVerticle.Counters counters = new CeilingVerticle.Counters();
    AtomicInteger ids = new AtomicInteger();
    boolean crossLoop = n > 1;
    try {
      vertx.deployVerticle(() -> new CeilingVerticle(counters, host, port, ids.getAndIncrement(), crossLoop),
          new DeploymentOptions().setInstances(n)).await();
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
    return new CeilingServer(vertx, n);
  }

  /** True when the epoll transport is in use. */
  public boolean nativeTransport() {
    return vertx.isNativeTransportEnabled();
  }

  /** Number of event loops serving. */
  public int instances() {
    return instances;
  }

  /** Stops the server. */
  @Override
  public void close() {
    Future<Void> f = vertx.close();
    f.await();
  }
}
