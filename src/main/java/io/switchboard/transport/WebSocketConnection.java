package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
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
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.auth.Identity;
import io.switchboard.logging.ThrottledLog;
import io.switchboard.protocol.CloseCode;
import io.switchboard.session.Session;
import io.switchboard.session.SessionServices;
import io.switchboard.session.Transport;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One upgraded WebSocket connection: the last handler of its Netty pipeline, which turns inbound
 * frames into {@link Session} calls, and the session's {@link Transport}. Everything runs on the
 * connection's event loop, inside that loop's Vert.x context, so the session sees the same thread
 * and context for its socket, its timers and its event-bus deliveries.
 *
 * <p>Every inbound frame counts against the session's rate limit (fragments and control frames
 * too), and every byte the peer can make it send counts against the session's outbound budget
 * (pongs and close replies too). A peer that does not read is not read either: the socket stops
 * reading while Netty's queue is over its high-water mark. Frames are checked as RFC 6455 asks:
 * invalid UTF-8 closes with 1007, a close code a peer may not send is answered with 1002, and a
 * frame the decoder refuses is answered with its close code while the rest of what the peer sends
 * is drained ({@link InboundCap}), so the peer can read the close frame.
 *
 * <p>Outbound text frames are the loop's one framing of a fan-out's payload ({@link FrameCache}),
 * or, when permessage-deflate was negotiated, frames around a slice of the shared payload that
 * the socket's own encoder compresses. They are only queued; the session's loop flushes each
 * written socket once per batch. A close frame sent by the server is followed by the peer's close
 * frame or, after {@link #CLOSE_TIMEOUT_MS}, by closing the TCP connection anyway.
 */
final class WebSocketConnection extends ChannelInboundHandlerAdapter implements Transport {
  /** How long a closing connection waits for the peer's close frame. */
  static final long CLOSE_TIMEOUT_MS = 5_000;
  /** A close reason is at most 123 bytes; decoder messages are cut to this many characters. */
  private static final int MAX_REASON_CHARS = 100;
  private static final ThrottledLog LOG = new ThrottledLog(Logger.getLogger(WebSocketConnection.class.getName()), 10);

  private final ContextInternal context;
  private final FrameCache frames;
  private final int maxMessageBytes;
  private final int maxUnauthenticatedBytes;
  private final Session session;
  private final InetAddress source;
  private final SourceThrottle throttle;
  private ChannelHandlerContext ctx;
  private boolean closeSent;
  /** The peer sent its close frame: ours is the last thing written before the TCP close. */
  private boolean peerClosed;
  /**
   * Whether text frames may be written as the loop's pre-built bytes: not when permessage-deflate
   * was negotiated (each socket compresses on its own). Until the handshake says, frames go the
   * encoder's way.
   */
  private boolean rawFrames;
  private ScheduledFuture<?> closeTimeout;
  /**
   * The message of several frames being put together (the decoder has checked their order);
   * null when there is none, or when it went over the limit and its remaining frames are dropped.
   * Done here rather than by a pipeline handler of its own, which every idle connection would carry.
   */
  private ByteBuf fragments;
  private boolean fragmentsText;

  WebSocketConnection(GatewayVerticle loop, SessionServices services, boolean compressionOffered,
      InetAddress source, SourceThrottle throttle) {
    this.rawFrames = !compressionOffered;
    this.context = loop.context();
    this.frames = loop.frames();
    this.maxMessageBytes = services.limits().maxMessageBytes();
    this.maxUnauthenticatedBytes = services.limits().maxUnauthenticatedBytes();
    this.source = source;
    this.throttle = throttle;
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

  /** The handshake carried no token: the peer may send only a few bytes until its {@code auth} frame. */
  void awaitAuthentication() {
    ctx.pipeline().addFirst(InboundCap.NAME, InboundCap.allowance(maxUnauthenticatedBytes,
        () -> context.dispatch(v -> session.close(CloseCode.UNAUTHORIZED, "Too much data before authentication"))));
  }

  /** The handshake's token was verified. */
  void authenticated(Identity who) {
    session.authenticated(who);
  }

  /** The handshake's token was refused: 4001, as the seed protocol does. */
  void refuseToken() {
    session.close(CloseCode.UNAUTHORIZED, CloseCode.UNAUTHORIZED.reason());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    context.dispatch(msg, this::onFrame);
  }

  private void onFrame(Object msg) {
    try {
      if (msg instanceof CloseWebSocketFrame close) {
        onPeerClose(close);
      } else if (closeSent) {
        return; // after our close frame only the peer's close frame matters
      } else if (msg instanceof ContinuationWebSocketFrame part) {
        onFragment(part, false);
      } else if (msg instanceof WebSocketFrame data && !data.isFinalFragment()
          && (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame)) {
        onFragment(data, true);
      } else if (msg instanceof TextWebSocketFrame text) {
        onMessage(text.content(), true);
      } else if (msg instanceof BinaryWebSocketFrame binary) {
        onMessage(binary.content(), false);
      } else if (msg instanceof PingWebSocketFrame ping) {
        onPing(ping);
      } else if (msg instanceof PongWebSocketFrame) {
        if (session.admitFrame(false)) {
          session.onPong();
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onMessage(ByteBuf content, boolean text) {
    if (content.readableBytes() > maxMessageBytes) {
      session.onTooLarge();
    } else if (!text) {
      session.onBinary();
    } else if (!ByteBufUtil.isText(content, StandardCharsets.UTF_8)) {
      session.close(CloseCode.INVALID_PAYLOAD, "Text message is not valid UTF-8");
    } else {
      session.onText(content.toString(StandardCharsets.UTF_8));
    }
  }

  /** A ping: answered with a pong if the rate limit and the outbound budget allow it. */
  private void onPing(PingWebSocketFrame ping) {
    ByteBuf payload = ping.content();
    if (session.admitFrame(false) && session.reserve(payload.readableBytes() + 2)) {
      ctx.writeAndFlush(new PongWebSocketFrame(payload.retain()), ctx.voidPromise());
    }
  }

  /** One frame of a message of several: kept until the last, within the message size limit. */
  private void onFragment(WebSocketFrame frame, boolean first) {
    if (!session.admitFrame(true)) {
      releaseFragments(); // the message is dropped: its remaining frames are ignored
      return;
    }
    if (first) {
      releaseFragments();
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
        onMessage(whole, fragmentsText);
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
    peerClosed = true;
    ByteBuf body = close.content();
    if (body.readableBytes() < 2) {
      echo(new CloseWebSocketFrame());
      return;
    }
    int code = body.getUnsignedShort(body.readerIndex());
    if (!CloseCode.isValidFromPeer(code)) {
      session.close(CloseCode.PROTOCOL_ERROR, "Invalid close code " + code);
    } else if (!ByteBufUtil.isText(body.slice(body.readerIndex() + 2, body.readableBytes() - 2), StandardCharsets.UTF_8)) {
      session.close(CloseCode.INVALID_PAYLOAD, "Close reason is not valid UTF-8");
    } else {
      echo(new CloseWebSocketFrame(code, ""));
    }
  }

  /** Answers the peer's close frame with the same code, within the outbound budget, then closes. */
  private void echo(CloseWebSocketFrame reply) {
    closeSent = true;
    if (session.reserve(reply.content().readableBytes() + 2)) {
      ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    } else {
      reply.release();
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (closeTimeout != null) {
      closeTimeout.cancel(false);
    }
    context.dispatch(v -> session.onTransportClosed());
    releaseFragments();
  }

  /** Back-pressure: a peer that does not read what it is sent is not read either, until it catches up. */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    ctx.channel().config().setAutoRead(ctx.channel().isWritable());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException broken) {
      // the decoder refused a frame and discards the rest: answer with its code, then drain the peer
      context.dispatch(v -> session.close(closeCodeOf(broken), reasonOf(broken)));
      if (ctx.pipeline().get(InboundCap.NAME) != null) {
        ctx.pipeline().remove(InboundCap.NAME);
      }
      ctx.pipeline().addFirst(InboundCap.NAME, InboundCap.drain());
    } else {
      if (!(cause instanceof IOException)) {
        LOG.warning("WebSocket connection failed", cause);
      }
      ctx.close();
    }
  }

  private static CloseCode closeCodeOf(CorruptedWebSocketFrameException broken) {
    return switch (broken.closeStatus().code()) {
      case 1007 -> CloseCode.INVALID_PAYLOAD;
      case 1009 -> CloseCode.MESSAGE_TOO_BIG;
      default -> CloseCode.PROTOCOL_ERROR;
    };
  }

  private static String reasonOf(CorruptedWebSocketFrameException broken) {
    String message = broken.getMessage() == null ? broken.closeStatus().reasonText() : broken.getMessage();
    return message.length() <= MAX_REASON_CHARS ? message : message.substring(0, MAX_REASON_CHARS);
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
  public void authenticationDone() {
    if (ctx.pipeline().get(InboundCap.NAME) != null) {
      ctx.pipeline().remove(InboundCap.NAME);
    }
  }

  @Override
  public void close(CloseCode code, String reason) {
    if (code == CloseCode.UNAUTHORIZED && session.identity() == null) {
      // a failed authentication; a token that merely expired on a live session is not one
      throttle.authFailed(source, System.nanoTime());
    }
    if (closeSent || !ctx.channel().isActive()) {
      return;
    }
    closeSent = true;
    if (peerClosed) {
      ctx.writeAndFlush(new CloseWebSocketFrame(code.code(), reason)).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.writeAndFlush(new CloseWebSocketFrame(code.code(), reason));
    if (ctx.pipeline().get(InboundCap.NAME) == null) {
      // until the peer's close frame, what it still sends is decoded (to find that frame) and
      // ignored, within a bound: the rest of an oversized message, or a little else
      long allowance = code == CloseCode.MESSAGE_TOO_BIG ? InboundCap.DRAIN_LIMIT : InboundCap.CLOSING_LIMIT;
      ctx.pipeline().addFirst(InboundCap.NAME, InboundCap.allowance(allowance, ctx::close));
    }
    closeTimeout = ctx.executor().schedule(() -> {
      ctx.close();
    }, CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void terminate() {
    ctx.close();
  }
}
