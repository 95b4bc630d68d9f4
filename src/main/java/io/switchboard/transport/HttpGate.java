package io.switchboard.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.switchboard.session.SessionServices;

/**
 * The first stop of every HTTP request on one event loop: an upgrade on the WebSocket path
 * becomes a {@link WebSocketConnection} (after the path and Origin checks), anything else is
 * answered by the {@link HttpRoutes}. Holds no per-connection state, so one instance serves all
 * of its loop's connections.
 */
@ChannelHandler.Sharable
final class HttpGate extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final GatewayVerticle loop;
  private final HttpConfig http;
  private final SessionServices services;
  private final HttpRoutes routes;
  private final WebSocketDecoderConfig decoderConfig;

  HttpGate(GatewayVerticle loop, HttpConfig http, SessionServices services, HttpRoutes routes) {
    this.loop = loop;
    this.http = http;
    this.services = services;
    this.routes = routes;
    int maxMessage = services.limits().maxMessageBytes();
    this.decoderConfig = WebSocketDecoderConfig.newBuilder()
        // a frame of any size up to the message limit must reach the message check (close 1009
        // by the session); a larger one is refused by the decoder, with 1009 too
        .maxFramePayloadLength(Math.max(maxMessage + 1024, 65_536))
        .allowExtensions(http.compression())
        .closeOnProtocolViolation(true)
        .build();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    // inside the loop's Vert.x context: sessions start timers and event-bus registrations from here
    loop.context().dispatch(v -> route(ctx, request));
  }

  private void route(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (!request.decoderResult().isSuccess()) {
      reply(ctx, request, HttpReply.status(400), false);
    } else if (request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
      upgrade(ctx, request);
    } else {
      QueryStringDecoder uri = new QueryStringDecoder(request.uri());
      reply(ctx, request, routes.handle(request.method().name(), uri.path()), HttpUtil.isKeepAlive(request));
    }
  }

  private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    if (!http.path().equals(uri.path())) {
      reply(ctx, request, HttpReply.status(404), false);
      return;
    }
    String origin = request.headers().get(HttpHeaderNames.ORIGIN);
    if (origin != null && !http.allowedOrigins().isEmpty() && !http.allowedOrigins().contains(origin)) {
      reply(ctx, request, HttpReply.status(403), false);
      return;
    }
    WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
        "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + http.path(),
        TokenSources.SUBPROTOCOL, decoderConfig).newHandshaker(request);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    String token = TokenSources.find(uri.rawQuery(), request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
    ChannelFuture handshake;
    try {
      handshake = handshaker.handshake(ctx.channel(), request);
    } catch (WebSocketHandshakeException e) {
      // a malformed upgrade (no key, no "Connection: Upgrade" ...): nothing was sent yet
      reply(ctx, request, HttpReply.text(400, "text/plain; charset=utf-8", e.getMessage()), false);
      return;
    }
    // the handshake has put the frame codec in place already: later bytes decode as frames
    ctx.pipeline().remove(GatewayListener.HANDSHAKE_TIMEOUT);
    WebSocketConnection connection = new WebSocketConnection(loop, services, http.compression());
    ctx.pipeline().addAfter(ctx.name(), "ws", connection);
    ctx.pipeline().remove(this);
    handshake.addListener((ChannelFuture f) -> {
      if (f.isSuccess()) {
        connection.handshakeDone();
      } else {
        f.channel().close();
      }
    });
    if (token != null) {
      connection.verify(token);
    }
  }

  private static void reply(ChannelHandlerContext ctx, FullHttpRequest request, HttpReply reply, boolean keepAlive) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(reply.body()));
    if (!reply.contentType().isEmpty()) {
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
    }
    HttpUtil.setContentLength(response, reply.body().length);
    HttpUtil.setKeepAlive(response, keepAlive);
    ChannelFuture written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
