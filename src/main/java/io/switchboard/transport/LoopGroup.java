package io.switchboard.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.AbstractEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event loops that serve sessions, as the group a server hands accepted connections to, in
 * turn. It owns none of them: Vert.x does, so shutting the group down is not this class's job and
 * does nothing.
 */
final class LoopGroup extends AbstractEventExecutorGroup implements EventLoopGroup {
  private final List<EventLoop> loops;
  private final AtomicInteger turn = new AtomicInteger();

  LoopGroup(List<EventLoop> loops) {
    if (loops.isEmpty()) {
      throw new IllegalArgumentException("no event loop");
    }
    this.loops = List.copyOf(loops);
  }

  @Override
  public EventLoop next() {
    return loops.get(Math.floorMod(turn.getAndIncrement(), loops.size()));
  }

  @Override
  public ChannelFuture register(Channel channel) {
    return next().register(channel);
  }

  @Override
  public ChannelFuture register(ChannelPromise promise) {
    return next().register(promise);
  }

  @Override
  @Deprecated
  public ChannelFuture register(Channel channel, ChannelPromise promise) {
    return next().register(channel, promise);
  }

  @Override
  public Iterator<EventExecutor> iterator() {
    return new ArrayList<EventExecutor>(loops).iterator();
  }

  @Override
  public boolean isShuttingDown() {
    return loops.get(0).isShuttingDown();
  }

  @Override
  public Future<?> shutdownGracefully() {
    return terminationFuture();
  }

  @Override
  public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
    return terminationFuture();
  }

  @Override
  public Future<?> terminationFuture() {
    return loops.get(0).terminationFuture();
  }

  @Override
  @Deprecated
  public void shutdown() {}

  @Override
  public boolean isShutdown() {
    return loops.get(0).isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return loops.get(0).isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return loops.get(0).awaitTermination(timeout, unit);
  }
}
