package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.protocol.CloseCode;
import io.switchboard.session.Session;
import io.switchboard.session.SessionServices;
import io.switchboard.session.Transport;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One upgraded WebSocket connection: the last handler of its Netty pipeline, which turns inbound
 * frames into {@link Session} calls, and the session's {@link Transport}. Everything runs on the
 * connection's event loop, inside that loop's Vert.x context, so the session sees the same thread
 * and context for its socket, its timers and its event-bus deliveries.
 *
 * <p>Outbound text frames are the loop's one framing of a fan-out's payload ({@link FrameCache}),
 * or, when permessage-deflate was negotiated, frames around a slice of the shared payload that
 * the socket's own encoder compresses. They are only queued; the session's loop flushes each
 * written socket once per batch. The pending-bytes figure is
 * Netty's own count of the socket's queue. A close frame sent by the server is followed by the
 * peer's close frame or, after {@link #CLOSE_TIMEOUT_MS}, by closing the TCP connection anyway.
 */
final class WebSocketConnection extends ChannelInboundHandlerAdapter implements Transport {
  /** How long a closing connection waits for the peer's close frame. */
  static final long CLOSE_TIMEOUT_MS = 5_000;
  private static final Logger LOG = Logger.getLogger(WebSocketConnection.class.getName());

  private final ContextInternal context;
  private final FrameCache frames;
  private final SessionServices services;
  private final int maxMessageBytes;
  private final Session session;
  private ChannelHandlerContext ctx;
  private boolean closeSent;
  /**
   * Whether text frames may be written as the loop's pre-built bytes: not when permessage-deflate
   * was negotiated (each socket compresses on its own). Until the handshake says, frames go the
   * encoder's way.
   */
  private boolean rawFrames;
  private ScheduledFuture<?> closeTimeout;
  /** Frames read while the handshake's token is being verified; null when none is. */
  private ArrayDeque<Object> held;
  /**
   * The message of several frames being put together (the decoder has checked their order);
   * null when there is none, or when it went over the limit and its remaining frames are dropped.
   * Done here rather than by a pipeline handler of its own, which every idle connection would carry.
   */
  private ByteBuf fragments;
  private boolean fragmentsText;

  WebSocketConnection(GatewayVerticle loop, SessionServices services, boolean compressionOffered) {
    this.rawFrames = !compressionOffered;
    this.context = loop.context();
    this.frames = loop.frames();
    this.services = services;
    this.maxMessageBytes = services.limits().maxMessageBytes();
    this.session = new Session(this, services, loop.sessions());
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /** The handshake's response went out: the extensions it agreed on are in the pipeline now. */
  void handshakeDone() {
    rawFrames = ctx.pipeline().get(WebSocketExtensionEncoder.class) == null;
  }

  /**
   * Verifies the token the handshake carried; frames that arrive meanwhile wait, in order, and
   * the socket is not read further until the outcome is known.
   */
  void verify(String token) {
    held = new ArrayDeque<>(2);
    ctx.channel().config().setAutoRead(false);
    services.verifier().verify(token).onComplete(ar -> onLoop(() -> {
      if (ar.succeeded()) {
        session.authenticated(ar.result());
      } else {
        session.close(CloseCode.UNAUTHORIZED, CloseCode.UNAUTHORIZED.reason());
      }
      ArrayDeque<Object> waiting = held;
      held = null;
      for (Object frame : waiting) {
        onFrame(frame);
      }
      if (ctx.channel().isActive()) {
        ctx.channel().config().setAutoRead(true);
      }
    }));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (held != null) {
      held.add(msg);
      return;
    }
    context.dispatch(msg, this::onFrame);
  }

  private void onFrame(Object msg) {
    try {
      if (msg instanceof ContinuationWebSocketFrame part) {
        onFragment(part, false);
      } else if (msg instanceof WebSocketFrame data && !data.isFinalFragment()
          && (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame)) {
        onFragment(data, true);
      } else if (msg instanceof TextWebSocketFrame text) {
        if (closeSent) {
          return;
        }
        if (text.content().readableBytes() > maxMessageBytes) {
          session.onTooLarge();
        } else {
          session.onText(text.text());
        }
      } else if (msg instanceof BinaryWebSocketFrame binary) {
        if (!closeSent) {
          if (binary.content().readableBytes() > maxMessageBytes) {
            session.onTooLarge();
          } else {
            session.onBinary();
          }
        }
      } else if (msg instanceof PingWebSocketFrame ping) {
        if (!closeSent) {
          ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()), ctx.voidPromise());
        }
      } else if (msg instanceof PongWebSocketFrame) {
        session.onPong();
      } else if (msg instanceof CloseWebSocketFrame close) {
        onPeerClose(close);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /** One frame of a message of several: kept until the last, within the message size limit. */
  private void onFragment(WebSocketFrame frame, boolean first) {
    if (closeSent) {
      return;
    }
    if (first) {
      fragmentsText = frame instanceof TextWebSocketFrame;
      // unpooled heap memory: a message whose socket dies midway is simply garbage, never a pool leak
      fragments = Unpooled.buffer(Math.min(2 * frame.content().readableBytes() + 64, maxMessageBytes));
    }
    if (fragments == null) {
      return;
    }
    if (fragments.readableBytes() + frame.content().readableBytes() > maxMessageBytes) {
      releaseFragments();
      session.onTooLarge();
      return;
    }
    fragments.writeBytes(frame.content());
    if (frame.isFinalFragment()) {
      ByteBuf whole = fragments;
      fragments = null;
      try {
        if (fragmentsText) {
          session.onText(whole.toString(StandardCharsets.UTF_8));
        } else {
          session.onBinary();
        }
      } finally {
        whole.release();
      }
    }
  }

  private void releaseFragments() {
    if (fragments != null) {
      fragments.release();
      fragments = null;
    }
  }

  /** The peer's close frame: the answer to ours, or its own start of the closing handshake. */
  private void onPeerClose(CloseWebSocketFrame close) {
    if (closeSent) {
      ctx.close();
      return;
    }
    closeSent = true;
    int code = close.statusCode();
    CloseWebSocketFrame echo = code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, "");
    ctx.writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (closeTimeout != null) {
      closeTimeout.cancel(false);
    }
    context.dispatch(v -> session.onTransportClosed());
    releaseFragments();
    if (held != null) {
      held.forEach(ReferenceCountUtil::release);
      held.clear();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException) {
      // the decoder has sent its close frame (1002, 1007 or 1009) and closes the connection
      ctx.close();
    } else {
      if (!(cause instanceof IOException)) {
        LOG.log(Level.FINE, "WebSocket connection failed", cause);
      }
      ctx.close();
    }
  }

  private void onLoop(Runnable action) {
    if (ctx.executor().inEventLoop()) {
      context.dispatch(v -> action.run());
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  // Transport: called on the event loop, from the session

  @Override
  public void write(Buffer textFrame) {
    if (closeSent) {
      return;
    }
    if (rawFrames) {
      ctx.write(frames.frameFor(textFrame, ctx.alloc()), ctx.voidPromise());
    } else {
      ByteBuf bytes = ((BufferInternal) textFrame).getByteBuf();
      ctx.write(new TextWebSocketFrame(true, 0, bytes), ctx.voidPromise());
    }
  }

  @Override
  public void flush() {
    ctx.flush();
  }

  @Override
  public long pendingBytes() {
    ChannelOutboundBuffer queue = ctx.channel().unsafe().outboundBuffer();
    return queue == null ? 0 : queue.totalPendingWriteBytes();
  }

  @Override
  public void ping() {
    if (!closeSent) {
      ctx.writeAndFlush(new PingWebSocketFrame(), ctx.voidPromise());
    }
  }

  @Override
  public void close(CloseCode code, String reason) {
    if (closeSent || !ctx.channel().isActive()) {
      return;
    }
    closeSent = true;
    ctx.writeAndFlush(new CloseWebSocketFrame(code.code(), reason));
    closeTimeout = ctx.executor().schedule(() -> {
      ctx.close();
    }, CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void terminate() {
    ctx.close();
  }
}
