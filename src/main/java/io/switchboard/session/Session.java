package io.switchboard.session;

import io.switchboard.auth.Identity;
import io.switchboard.channel.LoopChannelIndex;
import io.switchboard.channel.Subscriber;
import io.switchboard.logging.ThrottledLog;
import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.StreamBreak;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * One client connection: its identity, subscriptions, limits, heartbeat and outbound budget.
 * Confined to its event loop: every method runs there. {@link #close} is the one idempotent exit
 * that gives back everything the session holds, whatever ended it.
 */
public final class Session implements Subscriber {
  /** Publications of one connection that may wait for a backend's verdict at once. */
  static final int MAX_AWAITING_BACKEND = 64;
  private static final ThrottledLog LOG = new ThrottledLog(Logger.getLogger(Session.class.getName()), 10);

  enum State { AWAITING_AUTH, OPEN, CLOSED }

  final SessionServices services;
  final SessionLoop loop;
  final Transport transport;
  final String connectionId;
  /** Read-only until the first subscription (an idle connection then costs no table). */
  Map<String, Subscription> subscriptions = Map.of();
  private final RateLimiter rateLimiter;
  private final FrameHandler handler;
  State state = State.AWAITING_AUTH;
  Identity identity;
  private boolean holdsUserSlot;
  private boolean announcedConnected;
  private LoopChannelIndex.Handle userRoute;
  private Short closeCode;
  private boolean unflushed;
  long lastInboundNanos;
  long pingSentNanos;
  boolean awaitingPong;
  int heartbeatBucket = -1;
  /** Calls to backends (rpc) waiting for their answer. */
  int pendingRpc;
  /** Publications waiting for a backend's verdict, in the client's order; made on first use. */
  private OrderedCompletions awaitingBackend;
  final long authDeadlineNanos;

  /** One channel the session holds: its place in the loop index, and whether it counts in presence. */
  static final class Subscription {
    final LoopChannelIndex.Handle handle;
    boolean inPresence;
    boolean announced;

    Subscription(LoopChannelIndex.Handle handle) {
      this.handle = handle;
    }
  }

  /** Opens a session awaiting authentication; it is registered with its loop at once. */
  public Session(Transport transport, SessionServices services, SessionLoop loop) {
    this.transport = transport;
    this.services = services;
    this.loop = loop;
    this.connectionId = services.nodeId() + "/" + services.ids().incrementAndGet();
    long now = System.nanoTime();
    this.lastInboundNanos = now;
    this.authDeadlineNanos = now + services.authTimeout().toNanos();
    SessionLimits limits = services.limits();
    this.rateLimiter = new RateLimiter(limits.messagesPerSecond(), limits.messageBurst(),
        limits.closeAfterRejected(), SessionLimits.REJECTION_WINDOW.toNanos(), now);
    this.handler = new FrameHandler(this);
    services.sessions().incrementAndGet();
    services.counters().countOpened();
    loop.add(this);
  }

  /** This connection's id, unique in the cluster. */
  /** Publications waiting for a backend, at most {@link #MAX_AWAITING_BACKEND}. */
  OrderedCompletions awaitingBackend() {
    if (awaitingBackend == null) {
      awaitingBackend = new OrderedCompletions(MAX_AWAITING_BACKEND);
    }
    return awaitingBackend;
  }

  public String connectionId() {
    return connectionId;
  }

  /** The authenticated user, or null before authentication. */
  public Identity identity() {
    return identity;
  }

  public boolean isClosed() {
    return state == State.CLOSED;
  }

  /**
   * Makes the session usable for {@code who}, or closes it with 4029 when the user holds too many
   * connections already.
   */
  public void authenticated(Identity who) {
    if (state != State.AWAITING_AUTH) {
      return;
    }
    if (!services.userConnections().tryAcquire(who.userId(), services.limits().maxConnectionsPerUser())) {
      close(CloseCode.RATE_LIMITED, "Too many connections for this user");
      return;
    }
    holdsUserSlot = true;
    identity = services.permissions().retainedPart(who);
    state = State.OPEN;
    transport.authenticationDone();
    loop.authenticated(this);
    LoopChannelIndex.Handle route = loop.userIndex().subscribe(who.userId(), this);
    userRoute = route;
    // "connected" only once the user's direct-message route is live: a backend that answers the
    // event with a direct message reaches this session
    route.ready().onSuccess(v -> {
      if (userRoute == route) {
        route.activate();
        announcedConnected = true;
        services.events().connected(who.userId(), connectionId);
      }
    });
  }

  /** One inbound text message. */
  public void onText(String text) {
    if (state == State.CLOSED) {
      return;
    }
    long now = System.nanoTime();
    lastInboundNanos = now;
    switch (rateLimiter.onFrame(now)) {
      case REJECT -> {
        send(new ServerFrame.Error(ErrorCode.RATE_LIMITED, "too many messages: frame dropped", null, null));
        return;
      }
      case CLOSE -> {
        close(CloseCode.RATE_LIMITED, "Rate limit exceeded");
        return;
      }
      default -> { }
    }
    ClientFrame frame;
    try {
      frame = FrameCodec.decode(text);
    } catch (ProtocolException e) {
      send(e.toFrame());
      return;
    }
    try {
      handler.handle(frame);
    } catch (ProtocolException e) {
      send(e.toFrame());
    } catch (RuntimeException e) {
      LOG.warning("internal error serving " + connectionId, e);
      close(CloseCode.INTERNAL_ERROR, "Internal error");
    }
  }

  /** One inbound binary message: the protocol is text only. */
  public void onBinary() {
    if (state == State.CLOSED) {
      return;
    }
    lastInboundNanos = System.nanoTime();
    if (state == State.AWAITING_AUTH) {
      close(CloseCode.UNAUTHORIZED, CloseCode.UNAUTHORIZED.reason());
      return;
    }
    send(new ServerFrame.Error(ErrorCode.BAD_REQUEST, "binary frames are not supported: send JSON text", null, null));
  }

  /**
   * One inbound frame that is not a whole message (a fragment, a ping, a pong) against the same
   * rate limit as messages, so control frames cannot be sent faster than data. Over the limit a
   * control frame is dropped silently (counted), a fragment drops its message with a
   * {@code rate_limited} error; sustained, the session is closed with 4029.
   *
   * @param data whether the frame is part of a data message
   * @return whether to serve the frame
   */
  public boolean admitFrame(boolean data) {
    if (state == State.CLOSED) {
      return false;
    }
    long now = System.nanoTime();
    lastInboundNanos = now;
    switch (rateLimiter.onFrame(now)) {
      case ACCEPT -> {
        return true;
      }
      case REJECT -> {
        services.counters().countDroppedFrame();
        if (data) {
          send(new ServerFrame.Error(ErrorCode.RATE_LIMITED, "too many frames: message dropped", null, null));
        }
        return false;
      }
      default -> {
        close(CloseCode.RATE_LIMITED, "Rate limit exceeded");
        return false;
      }
    }
  }

  /** A pong (or any sign of life below the protocol). */
  public void onPong() {
    lastInboundNanos = System.nanoTime();
  }

  /** An inbound message over {@link SessionLimits#maxMessageBytes()}. */
  public void onTooLarge() {
    close(CloseCode.MESSAGE_TOO_BIG, "Message too big (limit " + services.limits().maxMessageBytes() + " bytes)");
  }

  /** The socket is gone (closed by the peer, reset, or after our own close). */
  public void onTransportClosed() {
    release();
  }

  /**
   * The heartbeat sweeper's visit, once per interval: terminates a peer that has been silent since
   * the previous ping, closes a session whose token expired, else pings. {@code afterPause}: the
   * loop itself was just paused, so a missing pong proves nothing and the session is pinged again
   * instead of dropped.
   */
  void heartbeat(long now, boolean afterPause) {
    if (state != State.OPEN) {
      return;
    }
    if (awaitingPong && lastInboundNanos - pingSentNanos < 0 && !afterPause) {
      terminate();
      return;
    }
    Instant expiresAt = identity.expiresAt();
    if (expiresAt != null && Instant.now().isAfter(expiresAt)) {
      close(CloseCode.UNAUTHORIZED, "Token expired");
      return;
    }
    awaitingPong = true;
    pingSentNanos = now;
    transport.ping();
  }

  @Override
  public boolean deliver(Buffer frame) {
    if (!write(frame)) {
      return false;
    }
    boolean first = !unflushed;
    unflushed = true;
    return first;
  }

  /**
   * The channel's stream broke on this node: the client is told to resubscribe with its last
   * position, and the subscription is released.
   */
  @Override
  public void streamBroken(String channel, StreamBreak reason) {
    Subscription sub = subscriptions.get(channel);
    if (state == State.CLOSED || sub == null) {
      return;
    }
    unsubscribe(channel, sub);
    services.counters().countStreamBreak();
    send(new ServerFrame.Resubscribe(channel, reason));
  }

  @Override
  public void flush() {
    if (unflushed) {
      unflushed = false;
      if (state != State.CLOSED) {
        transport.flush();
      }
    }
  }

  /** Encodes and sends one frame to this client (a reply: sent at once). */
  void send(ServerFrame frame) {
    if (frame instanceof ServerFrame.Error error) {
      services.counters().countError(error.code());
    }
    if (write(FrameCodec.encode(frame))) {
      unflushed = false;
      transport.flush();
    }
  }

  /**
   * Queues an encoded frame unless the bytes this session already has waiting in the process,
   * plus this frame, pass {@link SessionLimits#maxPendingBytes()}: then the session is closed with
   * 4008, so one slow reader neither grows memory without bound nor slows the others.
   *
   * @return whether the frame was queued
   */
  private boolean write(Buffer frame) {
    if (!reserve(frame.length())) {
      return false;
    }
    transport.write(frame);
    return true;
  }

  /**
   * Whether {@code bytes} more may be queued for this client: the outbound budget
   * ({@link SessionLimits#outboundBudget}) covers everything a client can make the node send,
   * replies, pongs and close replies included. Past it the session is closed with 4008.
   */
  public boolean reserve(int bytes) {
    if (state == State.CLOSED) {
      return false;
    }
    int budget = services.limits().outboundBudget(state == State.OPEN);
    long pending = transport.pendingBytes();
    if (pending + bytes > budget && unflushed) {
      // part of the backlog is this batch, not yet offered to the socket: offer it, then judge
      transport.flush();
      unflushed = false;
      pending = transport.pendingBytes();
    }
    if (pending + bytes > budget) {
      close(CloseCode.SLOW_CONSUMER, "Slow consumer: " + pending + " bytes pending");
      return false;
    }
    return true;
  }

  /** Outbound bytes written but not yet sent to the peer. */
  long pendingBytes() {
    return transport.pendingBytes();
  }

  /** Closes with a close frame, then releases everything. Idempotent. */
  public void close(CloseCode code, String reason) {
    if (state == State.CLOSED) {
      return;
    }
    closeCode = code.code();
    services.counters().countClose(code);
    release();
    transport.close(code, reason);
  }

  /** Drops the connection without a handshake, then releases everything. Idempotent. */
  public void terminate() {
    if (state == State.CLOSED) {
      return;
    }
    services.counters().countTerminated();
    release();
    transport.terminate();
  }

  /**
   * Ends the subscription to {@code channel} for the server (a backend's {@code unsubscribe}): the
   * client gets {@code {"type":"unsubscribed","channel":…}} without a ref. Call on the loop.
   *
   * @return false when the session was not subscribed
   */
  public boolean unsubscribeByServer(String channel) {
    Subscription sub = subscriptions.get(channel);
    if (state == State.CLOSED || sub == null) {
      return false;
    }
    unsubscribe(channel, sub);
    send(new ServerFrame.Unsubscribed(channel, null));
    return true;
  }

  /** Records a new subscription. */
  void addSubscription(String channel, Subscription sub) {
    if (!(subscriptions instanceof LinkedHashMap)) {
      subscriptions = new LinkedHashMap<>(4); // once: an emptied table is kept for the next subscribe
    }
    subscriptions.put(channel, sub);
  }

  /** Drops one subscription: the loop index entry and the presence entry. */
  void unsubscribe(String channel, Subscription sub) {
    subscriptions.remove(channel); // never the empty Map.of(): sub came from the map
    sub.handle.release();
    if (sub.inPresence) {
      sub.inPresence = false;
      if (!services.stopping().get()) {
        services.presence().leave(channel, identity.userId(), connectionId);
      }
    }
    if (sub.announced) {
      services.events().unsubscribed(identity.userId(), connectionId, channel);
    }
  }

  /** The one place that gives back what the session holds. Idempotent. */
  private void release() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    for (Map.Entry<String, Subscription> e : new ArrayList<>(subscriptions.entrySet())) {
      unsubscribe(e.getKey(), e.getValue());
    }
    if (userRoute != null) {
      userRoute.release();
      userRoute = null;
    }
    if (holdsUserSlot) {
      holdsUserSlot = false;
      services.userConnections().release(identity.userId());
      if (announcedConnected) { // a backend sees "disconnected" only after "connected"
        services.events().disconnected(identity.userId(), connectionId, closeCode);
      }
    }
    loop.remove(this);
    services.sessions().decrementAndGet();
  }
}
