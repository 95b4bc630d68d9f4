package io.switchboard.channel;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One event loop's index of its subscribers by channel. Confined to that loop: every method but
 * {@link #deliverFrom} must be called on it. The first local subscription of a channel registers
 * the loop's interest with the {@link ChannelRouter}; the last release withdraws it.
 *
 * <p>Members are kept in a copy-on-write array so that a delivery can iterate while a subscriber it
 * writes to closes (a slow consumer) and leaves the channel.
 */
public final class LoopChannelIndex {
  private static final Subscriber[] NONE = new Subscriber[0];

  private final Context context;
  private final ChannelRouter router;
  private final ChannelGauges gauges;
  private static final int MAX_FRAMES_PER_DRAIN = 256;

  private final Map<String, Entry> channels = new HashMap<>();
  private final Queue<Delivery> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final List<Subscriber> written = new ArrayList<>();

  public LoopChannelIndex(Context context, ChannelRouter router, ChannelGauges gauges) {
    this.context = context;
    this.router = router;
    this.gauges = gauges;
  }

  /**
   * Starts a subscription. The subscriber receives nothing until {@link Handle#activate()}, which the
   * caller invokes once {@link Handle#ready()} has succeeded and it has sent its own reply: so the
   * reply always precedes the first delivery. The handle must be released exactly once, whatever
   * happens ({@link Handle#release()} is idempotent).
   */
  public Handle subscribe(String channel, Subscriber subscriber) {
    Entry entry = channels.get(channel);
    if (entry == null) {
      entry = new Entry(channel);
      channels.put(channel, entry);
      gauges.loopChannels.incrementAndGet();
      // The router's future belongs to whichever loop registered the node's consumer; callbacks
      // on it would run there. Re-home it so the subscriber's callbacks run on this loop.
      Promise<Void> onThisLoop = Promise.promise();
      router.addInterest(channel, this).onComplete(ar -> context.runOnContext(v -> onThisLoop.handle(ar)));
      entry.ready = onThisLoop.future();
    }
    entry.refs++;
    return new Handle(entry, subscriber);
  }

  /** Channels that have at least one subscription on this loop. */
  public int channelCount() {
    return channels.size();
  }

  /**
   * Hands a frame to this loop's subscribers of {@code channel}, from any thread. Frames queue up
   * and one task on the loop writes every queued frame, then flushes each written socket once: idle,
   * that is one task per frame; under load, several frames per socket share one flush.
   */
  void deliverFrom(String channel, Buffer frame) {
    inbox.offer(new Delivery(channel, frame));
    if (drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  private void drain() {
    drainScheduled.set(false);
    Delivery d;
    int budget = MAX_FRAMES_PER_DRAIN;
    while (budget-- > 0 && (d = inbox.poll()) != null) {
      write(d.channel(), d.frame());
    }
    flushWritten();
    if (!inbox.isEmpty() && drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain()); // let other tasks of the loop run between batches
    }
  }

  private void write(String channel, Buffer frame) {
    Entry entry = channels.get(channel);
    if (entry == null) {
      return;
    }
    Subscriber[] members = entry.members;
    for (Subscriber s : members) {
      if (s.deliver(frame)) {
        written.add(s);
      }
    }
    gauges.deliveries.add(members.length);
  }

  private void flushWritten() {
    for (int i = 0; i < written.size(); i++) {
      written.get(i).flush();
    }
    written.clear();
  }

  private record Delivery(String channel, Buffer frame) {}

  private void release(Entry entry) {
    if (--entry.refs == 0 && channels.get(entry.channel) == entry) {
      channels.remove(entry.channel);
      gauges.loopChannels.decrementAndGet();
      router.removeInterest(entry.channel, this);
    }
  }

  private static final class Entry {
    final String channel;
    Subscriber[] members = NONE;
    int refs;
    Future<Void> ready;

    Entry(String channel) {
      this.channel = channel;
    }

    void add(Subscriber s) {
      Subscriber[] next = Arrays.copyOf(members, members.length + 1);
      next[members.length] = s;
      members = next;
    }

    void remove(Subscriber s) {
      for (int i = 0; i < members.length; i++) {
        if (members[i] == s) {
          Subscriber[] next = new Subscriber[members.length - 1];
          System.arraycopy(members, 0, next, 0, i);
          System.arraycopy(members, i + 1, next, i, members.length - i - 1);
          members = next;
          return;
        }
      }
    }
  }

  /** One subscriber's hold on one channel of this loop. */
  public final class Handle {
    private final Entry entry;
    private final Subscriber subscriber;
    private boolean active;
    private boolean released;

    private Handle(Entry entry, Subscriber subscriber) {
      this.entry = entry;
      this.subscriber = subscriber;
    }

    /** Completes, on this index's event loop, when the node receives the channel's frames. */
    public Future<Void> ready() {
      return entry.ready;
    }

    /** Starts deliveries to the subscriber. No effect after release. */
    public void activate() {
      if (!active && !released) {
        active = true;
        entry.add(subscriber);
        gauges.subscriptions.incrementAndGet();
      }
    }

    /** Stops deliveries and gives the loop's hold on the channel back. Idempotent. */
    public void release() {
      if (released) {
        return;
      }
      released = true;
      if (active) {
        entry.remove(subscriber);
        gauges.subscriptions.decrementAndGet();
      }
      LoopChannelIndex.this.release(entry);
    }
  }
}
