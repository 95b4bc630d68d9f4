package io.switchboard.channel;

import io.switchboard.history.StreamPosition;
import io.switchboard.protocol.StreamBreak;
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
import java.util.function.Predicate;

/**
 * One event loop's index of its subscribers by channel. Confined to that loop: every method but the
 * {@code ...From} hand-overs must be called on it. The first local subscription of a channel
 * registers the loop's interest with the {@link ChannelRouter}; the last release withdraws it.
 *
 * <p>Everything the router hands this loop for a channel (its start, its frames, a break) passes
 * through one queue, in the order the router produced it. So the loop always knows the exact
 * position of the last frame it wrote for a channel ({@link Handle#position()}): a subscriber
 * activated in a task of this loop receives precisely the frames after that position.
 *
 * <p>Members are kept in a copy-on-write array so that a delivery can iterate while a subscriber it
 * writes to closes (a slow consumer) and leaves the channel.
 */
public final class LoopChannelIndex {
  private static final Subscriber[] NONE = new Subscriber[0];
  private static final int MAX_FRAMES_PER_DRAIN = 256;

  private final Context context;
  private final ChannelRouter router;
  private final ChannelGauges gauges;

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
      entry = new Entry(channel, this);
      channels.put(channel, entry);
      gauges.loopChannels.incrementAndGet();
      router.addInterest(channel, entry);
    }
    entry.refs++;
    return new Handle(entry, subscriber);
  }

  /** Channels that have at least one subscription on this loop. */
  public int channelCount() {
    return channels.size();
  }

  /** The context of the loop this index belongs to: everything but deliveries runs there. */
  public Context context() {
    return context;
  }

  /**
   * Adds each channel of this loop whose name {@code filter} accepts, with its number of
   * subscriptions, to {@code into}; a channel not there yet is added only while {@code into} holds
   * fewer than {@code limit}. Call on the loop.
   */
  public void countChannels(Predicate<String> filter, Map<String, Integer> into, int limit) {
    channels.forEach((name, entry) -> {
      if (filter.test(name) && (into.containsKey(name) || into.size() < limit)) {
        into.merge(name, entry.refs, Integer::sum);
      }
    });
  }

  /**
   * From the router, on any thread: the entry receives frames from now on, the last one before them
   * being at {@code position} ({@link StreamPosition#NONE} for channels without history).
   */
  void startFrom(Entry entry, StreamPosition position) {
    enqueue(new Delivery(entry, Kind.START, null, position, null));
  }

  /** From the router, on any thread: the entry will never start. */
  void failFrom(Entry entry, Throwable cause) {
    enqueue(new Delivery(entry, Kind.FAIL, null, null, cause));
  }

  /**
   * From the router, on any thread: one frame for the entry's subscribers, at {@code position} in its
   * stream (null for frames without one). Frames queue up and one task on the loop writes every
   * queued frame, then flushes each written socket once: idle, that is one task per frame; under
   * load, several frames per socket share one flush.
   */
  void deliverFrom(Entry entry, Buffer frame, StreamPosition position) {
    enqueue(new Delivery(entry, Kind.FRAME, frame, position, null));
  }

  /** From the router, on any thread: the channel's stream broke; every subscriber is told. */
  void breakFrom(Entry entry, StreamBreak reason) {
    enqueue(new Delivery(entry, Kind.BREAK, null, null, reason));
  }

  private void enqueue(Delivery d) {
    inbox.offer(d);
    if (drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  private void drain() {
    drainScheduled.set(false);
    Delivery d;
    int budget = MAX_FRAMES_PER_DRAIN;
    while (budget-- > 0 && (d = inbox.poll()) != null) {
      Entry entry = d.entry();
      if (entry.detached) {
        if (d.kind() == Kind.FAIL || d.kind() == Kind.BREAK) {
          entry.ready.tryFail("the channel's consumer is gone");
        }
        continue;
      }
      switch (d.kind()) {
        case FRAME -> write(entry, d.frame(), d.position());
        case START -> {
          entry.position = d.position();
          entry.ready.tryComplete();
        }
        case FAIL -> entry.ready.tryFail((Throwable) d.detail());
        case BREAK -> broken(entry, (StreamBreak) d.detail());
      }
    }
    flushWritten();
    if (!inbox.isEmpty() && drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain()); // let other tasks of the loop run between batches
    }
  }

  private void write(Entry entry, Buffer frame, StreamPosition position) {
    if (position != null) {
      entry.position = position;
    }
    Subscriber[] members = entry.members;
    for (Subscriber s : members) {
      if (s.deliver(frame)) {
        written.add(s);
      }
    }
    gauges.deliveries.add(members.length);
  }

  /**
   * The entry leaves the index at once (a new subscription of the channel starts afresh, with a new
   * consumer) and each member is told; members release their handles against the detached entry.
   */
  private void broken(Entry entry, StreamBreak reason) {
    detach(entry);
    entry.ready.tryFail("the channel's stream broke: " + reason.wire());
    flushWritten(); // what was written before the break leaves before the news of it
    for (Subscriber s : entry.members) {
      s.streamBroken(entry.channel, reason);
    }
  }

  private void detach(Entry entry) {
    if (!entry.detached) {
      entry.detached = true;
      channels.remove(entry.channel, entry);
      gauges.loopChannels.decrementAndGet();
      router.removeInterest(entry.channel, entry);
    }
  }

  private void flushWritten() {
    for (int i = 0; i < written.size(); i++) {
      written.get(i).flush();
    }
    written.clear();
  }

  private enum Kind { START, FAIL, FRAME, BREAK }

  private record Delivery(Entry entry, Kind kind, Buffer frame, StreamPosition position, Object detail) {}

  private void release(Entry entry) {
    if (--entry.refs == 0) {
      detach(entry);
    }
  }

  /**
   * One channel on one loop. The router holds it while the loop is interested; {@link #admitted} is
   * the router's own flag, touched only on the channel consumer's context.
   */
  static final class Entry {
    final String channel;
    final LoopChannelIndex loop;
    final Promise<Void> ready = Promise.promise();
    Subscriber[] members = NONE;
    int refs;
    /** The position of the last frame written (loop-confined). */
    StreamPosition position = StreamPosition.NONE;
    /** Gone from the index: released by all, or broken (loop-confined). */
    boolean detached;
    /** The router has sent the start: frames may follow (consumer-context-confined). */
    boolean admitted;

    Entry(String channel, LoopChannelIndex loop) {
      this.channel = channel;
      this.loop = loop;
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

    void replace(Subscriber from, Subscriber to) {
      for (int i = 0; i < members.length; i++) {
        if (members[i] == from) {
          Subscriber[] next = members.clone();
          next[i] = to;
          members = next;
          return;
        }
      }
    }
  }

  /** One subscriber's hold on one channel of this loop. */
  public final class Handle {
    private final Entry entry;
    private Subscriber subscriber;
    private boolean active;
    private boolean released;

    private Handle(Entry entry, Subscriber subscriber) {
      this.entry = entry;
      this.subscriber = subscriber;
    }

    /**
     * Completes, on this index's event loop, when the node receives the channel's frames; fails
     * when it cannot, or when the channel's stream broke before.
     */
    public Future<Void> ready() {
      return entry.ready.future();
    }

    /**
     * The position of the last frame this loop wrote for the channel, {@link StreamPosition#NONE}
     * before the first; during a {@link Subscriber#deliver}, the position of the frame delivered.
     * Meaningful once {@link #ready()} succeeded, on channels with history.
     */
    public StreamPosition position() {
      return entry.position;
    }

    /** Starts deliveries to the subscriber. No effect after release. */
    public void activate() {
      activate(subscriber);
    }

    /**
     * Starts deliveries to {@code receiver} in the subscriber's place (one that holds frames back
     * while a recovery completes, say). No effect after release or a first activation.
     */
    public void activate(Subscriber receiver) {
      if (!active && !released && !entry.detached) {
        active = true;
        subscriber = receiver;
        entry.add(receiver);
        gauges.subscriptions.incrementAndGet();
      }
    }

    /** Hands deliveries from the current receiver to {@code receiver}, with nothing lost between. */
    public void handOver(Subscriber receiver) {
      if (active && !released) {
        entry.replace(subscriber, receiver);
        subscriber = receiver;
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
