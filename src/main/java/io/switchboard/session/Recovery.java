package io.switchboard.session;

import io.switchboard.channel.Subscriber;
import io.switchboard.history.HistoryPage;
import io.switchboard.history.HistoryPolicy;
import io.switchboard.history.HistoryQuery;
import io.switchboard.history.StoredPublication;
import io.switchboard.history.StreamPosition;
import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.StreamBreak;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code subscribe} with {@code since} on a channel with history, from the moment the channel is
 * live on the session's loop until the client has its missed publications and receives live ones.
 *
 * <p>It takes the subscription's deliveries at once, at the loop's position {@code p0}, and holds
 * them (bounded by the session's outbound allowance) while it reads what came after {@code since}
 * from history. A read made after {@code p0} was delivered sees at least up to {@code p0}, so the
 * client gets history up to {@code p0}, then the held frames, then live ones: each publication once,
 * in order. A client that is ahead of this node (it read further on another one) is spared what it
 * has: frames up to its {@code since} are skipped until the loop passes it, and then the session
 * takes the deliveries directly.
 *
 * <p>Confined to the session's loop. Whatever ends the subscription meanwhile (unsubscribe, close, a
 * stream break) releases it through the session; this object then just drops what it held.
 */
final class Recovery implements Subscriber {
  private final Session session;
  private final String channel;
  private final Session.Subscription sub;
  private final ClientFrame.Subscribe request;
  private final HistoryPolicy policy;
  private final Runnable onLive;
  private StreamPosition p0;
  private List<Buffer> held = new ArrayList<>();
  private List<Long> heldOffsets = new ArrayList<>();
  private long heldBytes;
  private long skipThrough = -1;

  Recovery(Session session, String channel, Session.Subscription sub, ClientFrame.Subscribe request,
      HistoryPolicy policy, Runnable onLive) {
    this.session = session;
    this.channel = channel;
    this.sub = sub;
    this.request = request;
    this.policy = policy;
    this.onLive = onLive;
  }

  void start() {
    p0 = sub.handle.position();
    sub.handle.activate(this);
    session.services.publisher().history().streams()
        .readAfter(channel, request.since().offset(), policy.maxRecover(), policy)
        .onComplete(this::answered);
  }

  @Override
  public boolean deliver(Buffer frame) {
    long offset = sub.handle.position().offset(); // the position of the frame being delivered
    if (held != null) {
      heldBytes += frame.length();
      if (heldBytes > session.services.limits().maxPendingBytes()) {
        session.close(CloseCode.SLOW_CONSUMER, "Slow consumer: " + heldBytes + " bytes held during recovery");
        return false;
      }
      held.add(frame);
      heldOffsets.add(offset);
      return false;
    }
    if (offset <= skipThrough) {
      return false;
    }
    sub.handle.handOver(session); // past what the client had: the session takes over
    return session.deliver(frame);
  }

  @Override
  public void flush() {
    session.flush();
  }

  @Override
  public void streamBroken(String brokenChannel, StreamBreak reason) {
    session.streamBroken(brokenChannel, reason);
  }

  private void answered(AsyncResult<HistoryPage> ar) {
    if (session.isClosed() || session.subscriptions.get(channel) != sub) {
      held = null; // released meanwhile
      return;
    }
    if (ar.failed()) {
      session.unsubscribe(channel, sub);
      session.send(new ServerFrame.Error(ErrorCode.UNAVAILABLE, "history is unavailable, try again", channel,
          request.ref()));
      return;
    }
    HistoryPage page = ar.result();
    StreamPosition since = Positions.of(request.since());
    boolean recovered = recoverable(since, page);
    session.services.counters().countRecovery(recovered);
    String epoch = page.top().epoch().isEmpty() ? p0.epoch() : page.top().epoch();
    long start = recovered ? Math.max(since.offset(), p0.offset()) : p0.offset();
    session.send(new ServerFrame.Subscribed(channel, recovered, Positions.wire(new StreamPosition(epoch, start)),
        request.ref()));
    if (recovered) {
      for (StoredPublication p : page.publications()) {
        if (p.offset() > since.offset() && p.offset() <= p0.offset()) {
          session.deliver(FrameCodec.encode(new ServerFrame.Message(channel, Json.decodeValue(p.content()),
              p.sender(), p.offset(), epoch)));
        }
      }
    }
    skipThrough = start;
    List<Buffer> frames = held;
    List<Long> offsets = heldOffsets;
    held = null;
    heldOffsets = null;
    for (int i = 0; i < frames.size() && !session.isClosed(); i++) {
      if (offsets.get(i) > skipThrough) {
        session.deliver(frames.get(i));
      }
    }
    session.flush();
    if (!session.isClosed() && sub.handle.position().offset() >= skipThrough) {
      sub.handle.handOver(session);
    }
    onLive.run();
  }

  /**
   * Whether every publication after {@code since} can be delivered: the same stream (epoch), a
   * {@code since} it reached, nothing trimmed after it, no more than {@code maxRecover} of them,
   * and this node's deliveries on the same stream and not past the read.
   */
  private boolean recoverable(StreamPosition since, HistoryPage page) {
    StreamPosition top = page.top();
    if (top.epoch().isEmpty()) {
      return StreamPosition.NONE.equals(since); // no stream: only "nothing seen" missed nothing
    }
    return HistoryQuery.sameStream(since, top)
        && since.offset() <= top.offset()
        && page.complete()
        && top.offset() - since.offset() <= policy.maxRecover()
        && (p0.epoch().isEmpty() || p0.epoch().equals(top.epoch()))
        && p0.offset() <= top.offset();
  }
}
