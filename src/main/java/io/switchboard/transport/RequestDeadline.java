package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The deadline of a connection that has not upgraded: a whole request must arrive within
 * {@code http.requestTimeout} of the connection opening or of the previous response. Unlike an idle
 * timer, which a client restarts with every byte, it cannot be stretched by sending one byte a
 * second (slowloris). A request begun and not finished gets 408; a connection that sent nothing is
 * just closed. It sits first in the pipeline to see the raw bytes, and leaves at the upgrade.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
  private static final byte[] TIMEOUT_RESPONSE = ("HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\n"
      + "connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

  private final long timeoutMillis;
  private final EdgeCounters counters;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;
  private boolean begun;

  RequestDeadline(long timeoutMillis, EdgeCounters counters) {
    this.timeoutMillis = timeoutMillis;
    this.counters = counters;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    rearm();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
      begun = true;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  /** A whole request arrived: no deadline while it is answered. */
  void requestComplete() {
    cancel();
    begun = false;
  }

  /** The previous response went out on a kept-alive connection: the next request has its own deadline. */
  void rearm() {
    cancel();
    timer = ctx.executor().schedule(this::expired, timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private void expired() {
    timer = null;
    if (!ctx.channel().isActive()) {
      return;
    }
    if (begun) {
      counters.count(HttpRejection.REQUEST_TIMEOUT);
      ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT_RESPONSE)).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
