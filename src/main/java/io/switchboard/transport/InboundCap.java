package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Counts the raw bytes a WebSocket connection sends, first in its pipeline, in one of two roles.
 *
 * <ul>
 *   <li>An <em>allowance</em>: bytes pass to the frame decoder up to a limit; past it the owner is
 *       told once and the cap turns into a drain. Before authentication, so that a client without
 *       a token never makes the node hold more than the limit, whatever frame sizes it announces
 *       (the owner closes the session); and after the node sent its close frame, so that a peer
 *       that goes on sending instead of answering it is cut (the owner closes the connection).
 *   <li>A <em>drain</em> after the node sent its close frame for a broken or oversized frame:
 *       everything the peer still sends is discarded unread, so the peer can finish writing and
 *       read the close frame (closing the TCP connection on unread bytes would reset it and lose
 *       the close frame); the connection is cut once the peer has been quiet for
 *       {@link #QUIET_MS}, or past {@link #DRAIN_LIMIT} bytes.
 * </ul>
 */
final class InboundCap extends ChannelInboundHandlerAdapter {
  /** The pipeline name of the cap. */
  static final String NAME = "inbound-cap";
  /** Bytes a draining peer, or one finishing an oversized message after a 1009, may still send. */
  static final long DRAIN_LIMIT = 64L * 1024 * 1024;
  /** Bytes a peer may still send after any other close frame of the node, before its answer. */
  static final long CLOSING_LIMIT = 1024L * 1024;
  /** A draining peer silent this long has stopped sending. */
  static final long QUIET_MS = 500;

  private final long allowance;
  private Runnable overAllowance;
  private long seen;
  private boolean draining;
  private long drained;
  private long lastReadNanos;
  private ScheduledFuture<?> quietCheck;

  private InboundCap(long allowance, Runnable overAllowance, boolean draining) {
    this.allowance = allowance;
    this.overAllowance = overAllowance;
    this.draining = draining;
  }

  /** Lets {@code limit} bytes through, then runs {@code overLimit} once and drains. */
  static InboundCap allowance(long limit, Runnable overLimit) {
    return new InboundCap(limit, overLimit, false);
  }

  /** Discards everything from now on (see the class comment). */
  static InboundCap drain() {
    return new InboundCap(0, null, true);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (draining) {
      startDraining(ctx);
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (quietCheck != null) {
      quietCheck.cancel(false);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf bytes)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (draining) {
      discard(ctx, bytes);
      return;
    }
    seen += bytes.readableBytes();
    if (seen <= allowance) {
      ctx.fireChannelRead(msg);
      return;
    }
    ReferenceCountUtil.release(msg);
    startDraining(ctx);
    Runnable told = overAllowance;
    overAllowance = null;
    told.run();
  }

  private void startDraining(ChannelHandlerContext ctx) {
    draining = true;
    lastReadNanos = System.nanoTime();
    quietCheck = ctx.executor().scheduleAtFixedRate(() -> {
      if (System.nanoTime() - lastReadNanos > TimeUnit.MILLISECONDS.toNanos(QUIET_MS)) {
        ctx.close();
      }
    }, QUIET_MS / 2, QUIET_MS / 2, TimeUnit.MILLISECONDS);
  }

  private void discard(ChannelHandlerContext ctx, ByteBuf bytes) {
    drained += bytes.readableBytes();
    bytes.release();
    lastReadNanos = System.nanoTime();
    if (drained > DRAIN_LIMIT) {
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (quietCheck != null) {
      quietCheck.cancel(false);
    }
    ctx.fireChannelInactive();
  }
}
