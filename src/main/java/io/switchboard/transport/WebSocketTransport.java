package io.switchboard.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.switchboard.protocol.CloseCode;
import io.switchboard.session.Transport;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.http.WebSocketInternal;

/**
 * {@link Transport} over a Vert.x {@link ServerWebSocket}.
 *
 * <p>Frames go to the socket's Netty pipeline directly, from the handler context Vert.x writes
 * from (so they keep their order with Vert.x's own pings and close frames): Vert.x's public API
 * only builds text frames from a {@code String}, which would encode the same fan-out once per
 * socket, and flushes every write. Here a frame wraps a slice of the shared bytes, and the caller
 * decides when to flush. The pending-bytes figure is Netty's own count of the socket's queue.
 */
final class WebSocketTransport implements Transport {
  private static final Buffer EMPTY = Buffer.buffer(0);

  private final ServerWebSocket socket;
  private final ChannelHandlerContext pipeline;

  WebSocketTransport(ServerWebSocket socket) {
    this.socket = socket;
    this.pipeline = ((WebSocketInternal) socket).channelHandlerContext();
  }

  @Override
  public void write(Buffer textFrame) {
    pipeline.write(new TextWebSocketFrame(true, 0, ((BufferInternal) textFrame).getByteBuf()), pipeline.voidPromise());
  }

  @Override
  public void flush() {
    pipeline.flush();
  }

  @Override
  public long pendingBytes() {
    ChannelOutboundBuffer queue = pipeline.channel().unsafe().outboundBuffer();
    return queue == null ? 0 : queue.totalPendingWriteBytes();
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
    pipeline.close();
  }
}
