package io.switchboard.transport;

import io.switchboard.channel.NodeRouting;
import io.switchboard.protocol.CloseCode;
import io.switchboard.session.HeartbeatConfig;
import io.switchboard.session.Session;
import io.switchboard.session.SessionLoop;
import io.switchboard.session.SessionServices;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.List;

/**
 * One event loop's WebSocket server. Deployed once per loop; every instance listens on the same
 * port and Vert.x spreads connections over them. Each instance owns its {@link SessionLoop}: the
 * loop's sessions, channel index and heartbeat timer.
 */
public final class GatewayVerticle extends VerticleBase {

  private final HttpConfig http;
  private final HeartbeatConfig heartbeat;
  private final SessionServices services;
  private final NodeRouting routing;
  private final Handler<HttpServerRequest> httpHandler;
  private final LoopRegistry registry;
  private SessionLoop loop;
  private HttpServer server;

  public GatewayVerticle(HttpConfig http, HeartbeatConfig heartbeat, SessionServices services,
      NodeRouting routing, Handler<HttpServerRequest> httpHandler, LoopRegistry registry) {
    this.http = http;
    this.heartbeat = heartbeat;
    this.services = services;
    this.routing = routing;
    this.httpHandler = httpHandler;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    loop = new SessionLoop(vertx, routing.channelIndex(context), routing.userIndex(context), heartbeat,
        services.authTimeout());
    loop.start();
    registry.add(loop);
    int maxMessage = services.limits().maxMessageBytes();
    HttpServerOptions options = new HttpServerOptions()
        .setHost(http.host())
        .setPort(http.port())
        .setMaxWebSocketMessageSize(maxMessage)
        // a frame of any size up to the message limit must reach the message check (1009), not
        // Netty's frame check, which drops the connection without a close code
        .setMaxWebSocketFrameSize(Math.max(maxMessage + 1024, 65_536))
        .setWebSocketSubProtocols(List.of(TokenSources.SUBPROTOCOL))
        .setPerMessageWebSocketCompressionSupported(http.compression())
        .setPerFrameWebSocketCompressionSupported(http.compression())
        .setTcpNoDelay(true);
    server = vertx.createHttpServer(options)
        .requestHandler(httpHandler)
        .webSocketHandshakeHandler(this::handshake)
        .webSocketHandler(this::connected);
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    loop.stop(CloseCode.GOING_AWAY, "Node shutting down");
    registry.remove(loop);
    return server.close();
  }

  /** The port the server listens on (useful with port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private void handshake(ServerWebSocketHandshake hs) {
    if (!http.path().equals(hs.path())) {
      hs.reject(404);
      return;
    }
    String origin = hs.headers().get("Origin");
    if (origin != null && !http.allowedOrigins().isEmpty() && !http.allowedOrigins().contains(origin)) {
      hs.reject(403);
      return;
    }
    hs.accept();
  }

  private void connected(ServerWebSocket ws) {
    Session session = new Session(new WebSocketTransport(ws), services, loop);
    ws.textMessageHandler(session::onText);
    ws.binaryMessageHandler(b -> session.onBinary());
    ws.pongHandler(b -> session.onPong());
    ws.closeHandler(v -> session.onTransportClosed());
    ws.exceptionHandler(err -> {
      if (isTooLarge(err)) {
        session.onTooLarge();
      }
    });
    String token = TokenSources.find(ws.query(), ws.headers());
    if (token == null) {
      return; // an `auth` frame must come first, within the timeout
    }
    ws.pause();
    services.verifier().verify(token).onComplete(ar -> {
      if (ar.succeeded()) {
        session.authenticated(ar.result());
      } else {
        session.close(CloseCode.UNAUTHORIZED, CloseCode.UNAUTHORIZED.reason());
      }
      ws.resume();
    });
  }

  /**
   * Vert.x reports an over-size message only as an exception ("... overflow max message size ..."),
   * and Netty an over-size frame as "Max frame length ... exceeded".
   */
  private static boolean isTooLarge(Throwable err) {
    String message = String.valueOf(err.getMessage()).toLowerCase();
    return message.contains("max message size") || message.contains("max frame length");
  }
}
