package io.switchboard.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.util.AttributeKey;
import io.switchboard.auth.Identity;
import io.switchboard.logging.ThrottledLog;
import io.switchboard.session.SessionServices;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The first stop of every HTTP request on one event loop: an upgrade on the WebSocket path
 * becomes a {@link WebSocketConnection}, anything else is answered by the {@link HttpRoutes}.
 *
 * <p>An upgrade is refused as cheaply as possible, in this order: a malformed request (400, 414,
 * 431), a handshake that is not RFC 6455 version 13 ({@link HandshakeRules}: 400 or 426), a source
 * over its budgets ({@link SourceThrottle}: 429). A token carried by the handshake is verified
 * before the upgrade, with the socket not read meanwhile, so no frame is held while it is checked;
 * a refused token still gets the upgrade and then close code 4001, as the seed protocol does.
 * Holds no per-connection state, so one instance serves all of its loop's connections.
 */
@ChannelHandler.Sharable
final class HttpGate extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final String X_FORWARDED_FOR = "X-Forwarded-For";
  /** Set on a connection while the token of its upgrade request is being verified. */
  private static final AttributeKey<Boolean> UPGRADING = AttributeKey.valueOf(HttpGate.class, "upgrading");
  private static final ThrottledLog LOG = new ThrottledLog(Logger.getLogger(HttpGate.class.getName()), 10);

  private final GatewayVerticle loop;
  private final HttpConfig http;
  private final SessionServices services;
  private final HttpRoutes routes;
  private final SourceThrottle throttle;
  private final EdgeCounters counters;
  private final WebSocketDecoderConfig decoderConfig;
  private final AtomicBoolean draining;

  /** @param draining set when the node drains: upgrades are then refused with 503 */
  HttpGate(GatewayVerticle loop, HttpConfig http, SessionServices services, HttpRoutes routes,
      SourceThrottle throttle, EdgeCounters counters, AtomicBoolean draining) {
    this.draining = draining;
    this.loop = loop;
    this.http = http;
    this.services = services;
    this.routes = routes;
    this.throttle = throttle;
    this.counters = counters;
    int maxMessage = services.limits().maxMessageBytes();
    this.decoderConfig = WebSocketDecoderConfig.newBuilder()
        // a frame of any size up to the message limit must reach the message check (close 1009
        // by the session); a larger one is refused by the decoder, with 1009 too
        .maxFramePayloadLength(Math.max(maxMessage + 1024, 65_536))
        .allowExtensions(http.compression())
        // the connection sends the close frame itself and drains the peer before cutting it
        .closeOnProtocolViolation(false)
        .build();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (ctx.channel().hasAttr(UPGRADING) && ctx.channel().attr(UPGRADING).get() != null) {
      // a request pipelined behind an upgrade whose token is being checked: nothing may follow an
      // upgrade request, so the peer is broken or hostile
      ctx.close();
      return;
    }
    RequestDeadline deadline = ctx.pipeline().get(RequestDeadline.class);
    if (deadline != null) {
      deadline.requestComplete();
    }
    // inside the loop's Vert.x context: sessions start timers and event-bus registrations from here
    loop.context().dispatch(v -> route(ctx, request));
  }

  private void route(ChannelHandlerContext ctx, FullHttpRequest request) {
    try {
      DecoderResult decoded = request.decoderResult();
      if (!decoded.isSuccess()) {
        refuse(ctx, rejectionFor(decoded.cause()), "malformed request", null, null);
      } else if (request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
        upgrade(ctx, request);
      } else {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        if (uri.path().equals(http.path())) {
          refuse(ctx, HttpRejection.NOT_A_WEBSOCKET, "This is Switchboard's WebSocket endpoint: connect with a WebSocket"
              + " client (Upgrade: websocket), e.g. new WebSocket('ws://HOST:PORT" + http.path() + "?token=...')",
              null, null);
          return;
        }
        // HEAD is answered as GET is, without the body
        boolean head = request.method().name().equals("HEAD");
        HttpReply answer = routes.handle(head ? "GET" : request.method().name(), uri.path(), uri.parameters());
        reply(ctx, answer, HttpUtil.isKeepAlive(request), head);
      }
    } catch (IllegalArgumentException e) {
      // a malformed percent escape in the path or in the token's query parameter
      refuse(ctx, HttpRejection.MALFORMED_REQUEST, "malformed percent escape in the request URI", null, null);
    } catch (RuntimeException e) {
      LOG.warning("failed to serve an HTTP request", e);
      reply(ctx, HttpReply.status(500), false);
    }
  }

  private static HttpRejection rejectionFor(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return HttpRejection.URI_TOO_LONG;
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return HttpRejection.HEADERS_TOO_LARGE;
    }
    if (cause instanceof TooLongFrameException) {
      return HttpRejection.BODY_TOO_LARGE;
    }
    return HttpRejection.MALFORMED_REQUEST;
  }

  private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    if (!http.path().equals(uri.path())) {
      reply(ctx, HttpReply.status(404), false);
      return;
    }
    if (draining.get()) {
      refuse(ctx, HttpRejection.DRAINING, "this node is draining: connect to another node",
          HttpHeaderNames.RETRY_AFTER.toString(), "1");
      return;
    }
    HandshakeRules.Refusal refusal = HandshakeRules.check(request, http.allowedOrigins());
    if (refusal != null) {
      boolean version = refusal.reason() == HttpRejection.UNSUPPORTED_VERSION;
      refuse(ctx, refusal.reason(), refusal.message(),
          version ? HttpHeaderNames.SEC_WEBSOCKET_VERSION.toString() : null, version ? HandshakeRules.VERSION : null);
      return;
    }
    String token = TokenSources.find(uri.rawQuery(), request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
    InetAddress source = throttle.clientOf(peerOf(ctx), request.headers().getAll(X_FORWARDED_FOR));
    SourceThrottle.Verdict verdict = throttle.admitHandshake(source, System.nanoTime());
    if (verdict != SourceThrottle.Verdict.ALLOW) {
      boolean failures = verdict == SourceThrottle.Verdict.AUTH_FAILURE_RATE;
      refuse(ctx, failures ? HttpRejection.SOURCE_AUTH_FAILURES : HttpRejection.SOURCE_HANDSHAKE_RATE,
          failures ? "too many failed authentications from this address" : "too many connections from this address",
          HttpHeaderNames.RETRY_AFTER.toString(), Integer.toString(throttle.retryAfterSeconds(verdict)));
      return;
    }
    if (token == null) {
      accept(ctx, request, source, null);
      return;
    }
    Future<Identity> verification = services.verifier().verify(token);
    if (verification.isComplete()) { // an HMAC or a refused token: the common case, no wait
      accept(ctx, request, source, verification);
      return;
    }
    // nothing is read while the token is checked: no frame waits in the node meanwhile
    request.retain();
    ctx.channel().config().setAutoRead(false);
    ctx.channel().attr(UPGRADING).set(Boolean.TRUE);
    verification.onComplete(verified -> onLoop(ctx, () -> {
      try {
        ctx.channel().attr(UPGRADING).set(null);
        if (ctx.channel().isActive()) {
          accept(ctx, request, source, verified);
          ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        }
      } finally {
        request.release();
      }
    }));
  }

  /**
   * Upgrades: {@code verified} is null for a handshake without a token (the session then waits for
   * an {@code auth} frame, within its allowance), else the outcome of its verification.
   */
  private void accept(ChannelHandlerContext ctx, FullHttpRequest request, InetAddress source,
      AsyncResult<Identity> verified) {
    WebSocketServerHandshaker13 handshaker = new WebSocketServerHandshaker13(
        "ws://" + request.headers().get(HttpHeaderNames.HOST) + http.path(), TokenSources.SUBPROTOCOL, decoderConfig);
    ChannelFuture handshake;
    try {
      handshake = handshaker.handshake(ctx.channel(), request);
    } catch (WebSocketHandshakeException e) {
      // HandshakeRules let through something Netty refuses: nothing was sent yet
      refuse(ctx, HttpRejection.BAD_HANDSHAKE, e.getMessage(), null, null);
      return;
    }
    // the handshake has put the frame codec in place already: later bytes decode as frames
    ctx.pipeline().remove(RequestDeadline.class);
    WebSocketConnection connection = new WebSocketConnection(loop, services, http.compression(), source, throttle);
    ctx.pipeline().addAfter(ctx.name(), "ws", connection);
    ctx.pipeline().remove(this);
    handshake.addListener((ChannelFuture f) -> {
      if (f.isSuccess()) {
        connection.handshakeDone();
      } else {
        f.channel().close();
      }
    });
    if (verified == null) {
      connection.awaitAuthentication();
    } else if (verified.succeeded()) {
      connection.authenticated(verified.result());
    } else {
      connection.refuseToken();
    }
  }

  private void onLoop(ChannelHandlerContext ctx, Runnable action) {
    if (ctx.executor().inEventLoop()) {
      loop.context().dispatch(v -> action.run());
    } else {
      loop.context().runOnContext(v -> action.run());
    }
  }

  private static InetAddress peerOf(ChannelHandlerContext ctx) {
    return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
  }

  /** Answers a refused request with its status and closes the connection; counted, never logged. */
  private void refuse(ChannelHandlerContext ctx, HttpRejection reason, String message, String header, String value) {
    counters.count(reason);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(reason.status()),
        Unpooled.wrappedBuffer((message + "\n").getBytes(StandardCharsets.UTF_8)));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    if (header != null) {
      response.headers().set(header, value);
    }
    send(ctx, response, false);
  }

  private static void reply(ChannelHandlerContext ctx, HttpReply reply, boolean keepAlive) {
    reply(ctx, reply, keepAlive, false);
  }

  /** Sends {@code reply}; for a HEAD request ({@code head}) its headers only, the length the body's. */
  private static void reply(ChannelHandlerContext ctx, HttpReply reply, boolean keepAlive, boolean head) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(reply.status()), head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
    if (!reply.contentType().isEmpty()) {
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
    }
    reply.headers().forEach((name, value) -> response.headers().set(name, value));
    send(ctx, response, keepAlive, reply.body().length);
  }

  private static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    send(ctx, response, keepAlive, response.content().readableBytes());
  }

  private static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive, int length) {
    HttpUtil.setContentLength(response, length);
    HttpUtil.setKeepAlive(response, keepAlive);
    ChannelFuture written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    } else {
      RequestDeadline deadline = ctx.pipeline().get(RequestDeadline.class);
      if (deadline != null) {
        deadline.rearm();
      }
    }
  }

  /** Back-pressure: a peer that does not read its answers is not read either, until it catches up. */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
