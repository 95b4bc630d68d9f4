package io.switchboard.transport;

import io.switchboard.protocol.CloseCode;
import io.switchboard.session.Transport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.http.WebSocketInternal;

/**
 * {@link Transport} over a Vert.x {@link ServerWebSocket}.
 *
 * <p>Text frames are written from a shared {@link Buffer} without re-encoding: Vert.x's public API
 * only builds text frames from a {@code String}, which would encode the same fan-out once per
 * socket, so this class builds the frame around a slice of the shared bytes (the way Vert.x's own
 * {@code writeFinalBinaryFrame} does). A fresh frame object per socket, never a shared one.
 */
final class WebSocketTransport implements Transport {
  private static final Buffer EMPTY = Buffer.buffer(0);

  private final ServerWebSocket socket;

  WebSocketTransport(ServerWebSocket socket) {
    this.socket = socket;
  }

  @Override
  public Future<Void> write(Buffer textFrame) {
    return socket.writeFrame(
        new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) textFrame).getByteBuf(), true));
  }

  @Override
  public void ping() {
    socket.writePing(EMPTY);
  }

  @Override
  public void close(CloseCode code, String reason) {
    if (!socket.isClosed()) {
      socket.close(code.code(), reason);
    }
  }

  @Override
  public void terminate() {
    ((WebSocketInternal) socket).channelHandlerContext().close();
  }

  @Override
  public String remoteAddress() {
    return String.valueOf(socket.remoteAddress());
  }
}
