package io.switchboard.transport;

import io.netty.channel.EventLoop;
import io.switchboard.channel.NodeRouting;
import io.switchboard.protocol.CloseCode;
import io.switchboard.session.HeartbeatConfig;
import io.switchboard.session.SessionLoop;
import io.switchboard.session.SessionServices;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.ContextInternal;

/**
 * One event loop's share of the gateway. Deployed once per loop; it owns the loop's
 * {@link SessionLoop} (its sessions, channel index and heartbeat timer) and the Vert.x context its
 * connections run in. The {@link GatewayListener} hands each accepted connection to one of them.
 */
public final class GatewayVerticle extends VerticleBase {
  private final HeartbeatConfig heartbeat;
  private final SessionServices services;
  private final NodeRouting routing;
  private final LoopRegistry registry;
  private SessionLoop loop;
  private final FrameCache frames = new FrameCache();

  public GatewayVerticle(HeartbeatConfig heartbeat, SessionServices services, NodeRouting routing,
      LoopRegistry registry) {
    this.heartbeat = heartbeat;
    this.services = services;
    this.routing = routing;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    loop = new SessionLoop(vertx, routing.channelIndex(context), routing.userIndex(context), heartbeat,
        services.authTimeout());
    loop.start();
    registry.add(loop);
    return Future.succeededFuture();
  }

  /** Closes every session of the loop with 1001 (going away). */
  @Override
  public Future<?> stop() {
    loop.stop(CloseCode.GOING_AWAY, "Node shutting down");
    registry.remove(loop);
    frames.clear();
    return Future.succeededFuture();
  }

  ContextInternal context() {
    return (ContextInternal) context;
  }

  EventLoop eventLoop() {
    return context().nettyEventLoop();
  }

  /** The loop's framing of the fan-out it is writing. */
  FrameCache frames() {
    return frames;
  }

  SessionLoop sessions() {
    return loop;
  }
}
