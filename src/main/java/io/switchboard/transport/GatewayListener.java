package io.switchboard.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.switchboard.session.SessionServices;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.NetServerOptions;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node's one listening socket for WebSocket and plain HTTP. Accepted connections go to the
 * gateway's event loops in turn; each runs a small Netty pipeline (HTTP codec, then
 * {@link HttpGate}, then after an upgrade the WebSocket codec and a {@link WebSocketConnection}).
 *
 * <p>It sits on Netty directly rather than on Vert.x's HTTP server: a Vert.x connection carries two
 * multi-producer queues of 1,024 slots each (about 8 kB together) and the retained upgrade request,
 * which is most of an idle connection's memory. Vert.x still provides the event loops, the
 * contexts, the event bus and the timers.
 */
public final class GatewayListener {
  /**
   * How much each read asks for, one instance for every connection. Netty's default is an
   * adaptive allocator per connection (with its own statistics, ~130 bytes on an idle socket);
   * what clients send is small frames, and a larger one simply takes several reads.
   */
  private static final FixedRecvByteBufAllocator READS = new FixedRecvByteBufAllocator(4096);

  /**
   * Bounds on what an HTTP request may carry before the upgrade (bytes): over them, 414, 431 or
   * 413. No route on this port takes a body.
   */
  private static final int MAX_INITIAL_LINE = 8192;
  private static final int MAX_HEADERS = 8192;
  private static final int MAX_REQUEST_BODY = 8192;

  /** Netty's own defaults, stated: reading stops at 64 kB waiting to be sent, resumes at 32 kB. */
  private static final WriteBufferWaterMark BACK_PRESSURE = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

  private final Channel server;
  private final AtomicBoolean draining;

  private GatewayListener(Channel server, AtomicBoolean draining) {
    this.server = server;
    this.draining = draining;
  }

  /**
   * Listens on {@code http.host():http.port()} and serves with the given loops.
   *
   * @param loops the deployed gateway verticles, one per event loop
   * @param throttle the per-source budgets, shared by every loop
   * @param counters where refused requests are counted
   */
  public static Future<GatewayListener> bind(Vertx vertx, HttpConfig http, SessionServices services,
      HttpRoutes routes, List<GatewayVerticle> loops, SourceThrottle throttle, EdgeCounters counters) {
    Map<EventLoop, HttpGate> gates = new IdentityHashMap<>();
    AtomicBoolean draining = new AtomicBoolean();
    List<EventLoop> eventLoops = new ArrayList<>();
    for (GatewayVerticle loop : loops) {
      if (!gates.containsKey(loop.eventLoop())) {
        gates.put(loop.eventLoop(), new HttpGate(loop, http, services, routes, throttle, counters, draining));
        eventLoops.add(loop.eventLoop());
      }
    }
    long requestMillis = http.requestTimeout().toMillis();
    VertxInternal internal = (VertxInternal) vertx;
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(internal.acceptorEventLoopGroup(), new LoopGroup(eventLoops))
        .channelFactory(internal.transport().serverChannelFactory(false))
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            ChannelPipeline pipeline = channel.pipeline();
            // until the upgrade: each request must arrive whole in time (slowloris), and a connection
            // silent that long is closed (a half-open handshake or an idle keep-alive connection)
            pipeline.addLast("request-deadline", new RequestDeadline(requestMillis, counters));
            pipeline.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_REQUEST_BODY));
            pipeline.addLast("http-aggregator", new HttpObjectAggregator(MAX_REQUEST_BODY));
            if (http.compression()) {
              // a compressed message inflates at most to the largest message a client may send
              // (plus slack for the frame's own bytes): a small deflate bomb cannot make it big
              pipeline.addLast("ws-compression",
                  new WebSocketServerCompressionHandler(services.limits().maxMessageBytes() + 1024));
            }
            HttpGate gate = gates.get(channel.eventLoop());
            if (gate == null) {
              // the group only hands out these loops; a session on another thread would break its
              // confinement, so refuse the connection rather than serve it from the wrong loop
              throw new IllegalStateException("connection registered on an event loop with no gateway");
            }
            pipeline.addLast("gate", gate);
          }
        });
    internal.transport().configure(new NetServerOptions().setTcpNoDelay(true), false, bootstrap);
    bootstrap.childOption(ChannelOption.RECVBUF_ALLOCATOR, READS);
    // a connection with this much waiting in the process stops being read until it drains
    // (HttpGate, WebSocketConnection): a peer that never reads cannot make the node read on
    bootstrap.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, BACK_PRESSURE);
    Promise<GatewayListener> bound = Promise.promise();
    bootstrap.bind(http.host(), http.port()).addListener(f -> {
      if (f.isSuccess()) {
        bound.complete(new GatewayListener(((io.netty.channel.ChannelFuture) f).channel(), draining));
      } else {
        bound.fail(f.cause());
      }
    });
    return bound.future();
  }

  /** The port it listens on (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /**
   * From now on a WebSocket upgrade is refused with 503 and {@code Retry-After} (the client tries
   * another node); plain HTTP, the health probes among it, is still served.
   */
  public void refuseUpgrades() {
    draining.set(true);
  }

  /** Stops accepting connections; the open ones stay. */
  public Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    server.close().addListener(f -> closed.complete());
    return closed.future();
  }
}
