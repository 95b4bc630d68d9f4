package io.switchboard.channel;

import io.switchboard.history.ChannelHistory;
import io.switchboard.history.HistoryPolicy;
import io.switchboard.history.StreamPosition;
import io.switchboard.interest.InterestKeys;
import io.switchboard.interest.InterestTable;
import io.switchboard.protocol.StreamBreak;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The node's side of interest-based routing: the channels (or users, for direct messages) that have
 * at least one local subscriber, each recorded once in the cluster's {@link InterestTable} while it
 * has one. Frames for them arrive through the {@link NodeMailbox} (or straight from this node's
 * {@link Fanout}); each is handed, already encoded, to every event loop that has subscribers of the
 * channel, once per loop; the loops write it to their own sockets. Thread-safe: every event loop
 * calls it.
 *
 * <p>On a channel that keeps history a {@link StreamSequencer} puts the publications in offset order
 * first, so every loop receives one gap-free stream. A frame for a channel this node no longer wants
 * (a sender read the table before this node left it) is dropped, and the node removes itself from
 * the channel's key again, at most once a second per channel: so a stale entry (a split that healed
 * with both sides' nodes) costs at most one unwanted frame.
 */
public final class ChannelRouter {
  private static final long CORRECTION_INTERVAL_MS = 1000;
  private static final int MAX_CORRECTIONS_REMEMBERED = 10_000;

  private final Vertx vertx;
  private final Function<String, String> keyOf;
  private final ChannelHistory history;
  private final InterestTable table;
  private final NodeMailbox mailbox;
  private final String self;
  private final ConcurrentHashMap<String, ChannelConsumer> consumers = new ConcurrentHashMap<>();
  private final Set<Future<Void>> unregistering = ConcurrentHashMap.newKeySet();
  /** Names this node removed itself from lately, on an unwanted frame: when. */
  private final ConcurrentHashMap<String, Long> corrected = new ConcurrentHashMap<>();
  private final LongAdder unwanted = new LongAdder();

  private ChannelRouter(Vertx vertx, Function<String, String> keyOf, ChannelHistory history, InterestTable table,
      NodeMailbox mailbox) {
    this.vertx = vertx;
    this.keyOf = keyOf;
    this.history = history;
    this.table = table;
    this.mailbox = mailbox;
    this.self = mailbox.self();
  }

  /**
   * Channels: their frames as the wire has them; channels whose namespace keeps history
   * ({@code history}) are delivered in offset order.
   */
  static ChannelRouter forChannels(Vertx vertx, ChannelHistory history, InterestTable table, NodeMailbox mailbox) {
    return new ChannelRouter(vertx, InterestKeys::channel, history, table, mailbox);
  }

  /** Users: {@code direct} frames, for every session of the user on this node. */
  static ChannelRouter forUsers(Vertx vertx, InterestTable table, NodeMailbox mailbox) {
    return new ChannelRouter(vertx, InterestKeys::user, ChannelHistory.NONE, table, mailbox);
  }

  /**
   * Adds a loop's {@code entry} to the channel's interested loops, recording the node's interest in
   * the table if it is the first. Once that is recorded and every node that kept a copy of the
   * channel's nodes has dropped it (every frame sent after that, from any node, comes here) and,
   * with history, the stream's position is known, the entry is sent its start and then every frame
   * after it; or its failure.
   */
  void addInterest(String channel, LoopChannelIndex.Entry entry) {
    ChannelConsumer c = consumers.compute(channel, (name, existing) -> {
      ChannelConsumer consumer = existing != null ? existing : register(name);
      consumer.entries.add(entry);
      return consumer;
    });
    c.ready.onComplete(ar -> c.context.runOnContext(v -> c.admit(entry, ar.cause())));
  }

  /** Removes a loop's entry; the last one to leave withdraws the node's interest. */
  void removeInterest(String channel, LoopChannelIndex.Entry entry) {
    consumers.computeIfPresent(channel, (name, c) -> {
      if (c.entries.remove(entry) && c.entries.isEmpty()) {
        c.close();
        return null;
      }
      return c;
    });
  }

  /**
   * One frame for the local subscribers of {@code name}, from any thread: handed to the channel's
   * context, in the order of the calls.
   */
  void deliver(String name, Buffer frame) {
    ChannelConsumer c = consumers.get(name);
    if (c == null) {
      unwanted(name);
      return;
    }
    c.context.runOnContext(v -> c.onFrame(frame));
  }

  /** A frame for a name this node does not want: it tells the table again, now and then. */
  private void unwanted(String name) {
    unwanted.increment();
    long now = System.nanoTime();
    Long last = corrected.get(name);
    if (last != null && now - last < TimeUnit.MILLISECONDS.toNanos(CORRECTION_INTERVAL_MS)) {
      return;
    }
    if (corrected.size() >= MAX_CORRECTIONS_REMEMBERED) {
      corrected.clear();
    }
    corrected.put(name, now);
    // under the name's lock: a subscription starting now records its interest after this removal
    consumers.compute(name, (n, existing) -> {
      if (existing == null) {
        track(withdraw(n));
      }
      return existing;
    });
  }

  /** Removes this node from the name's key, and tells the key's readers (not waited for). */
  private Future<Void> withdraw(String name) {
    String key = keyOf.apply(name);
    return table.remove(key, self).map(readers -> {
      mailbox.invalidate(readers, key);
      return null;
    });
  }

  /** Frames that arrived for a name this node did not want (a sender's read from before it left). */
  public long unwantedFrames() {
    return unwanted.sum();
  }

  /**
   * Completes when every withdrawal started so far has completed (other nodes no longer send here).
   * A stopping node waits for it before it leaves.
   */
  public Future<Void> settled() {
    return Future.join(new ArrayList<>(unregistering)).mapEmpty();
  }

  private void track(Future<Void> unregistration) {
    unregistering.add(unregistration);
    unregistration.onComplete(ar -> unregistering.remove(unregistration));
  }

  /**
   * Records every interest of this node in the table again, in one operation per partition owner,
   * and tells each key's readers: after a split healed (the other side removed this node when it
   * lost it, and its nodes may have read the keys since) and after partitions moved (a change
   * retried during a migration may have landed out of order).
   *
   * @return completes once the table has them all and their readers confirmed
   */
  public Future<Void> registerAgain() {
    List<String> keys = new ArrayList<>();
    consumers.forEach((name, c) -> {
      if (!c.closed) {
        keys.add(keyOf.apply(name));
      }
    });
    return table.addAll(keys, self).compose(readers -> {
      List<Future<Void>> told = new ArrayList<>();
      readers.forEach((key, nodes) -> told.add(mailbox.invalidate(nodes, key)));
      return Future.join(told).mapEmpty();
    });
  }

  /** Channels (or users) this node receives. */
  public int consumerCount() {
    return consumers.size();
  }

  private ChannelConsumer register(String channel) {
    ChannelConsumer c = new ChannelConsumer(channel, vertx.getOrCreateContext());
    HistoryPolicy policy = history.policyOf(channel);
    c.sequencer = policy == null ? null : new StreamSequencer(channel, policy, history, vertx, c);
    String key = keyOf.apply(channel);
    Future<Void> registered = table.add(key, self).compose(readers -> mailbox.invalidate(readers, key));
    c.ready = c.sequencer == null ? registered : registered.compose(v -> c.sequencer.start());
    c.ready.onFailure(err -> {
      if (consumers.remove(channel, c)) {
        c.close();
      }
    });
    return c;
  }

  /** One channel's interest on this node; everything but its construction and close runs on its context. */
  private final class ChannelConsumer implements StreamSequencer.Sink {
    final String channel;
    final Context context;
    final Set<LoopChannelIndex.Entry> entries = new CopyOnWriteArraySet<>();
    StreamSequencer sequencer;
    Future<Void> ready;
    private volatile boolean closed;

    ChannelConsumer(String channel, Context context) {
      this.channel = channel;
      this.context = context;
    }

    /** Sends the entry its start, with the position of the last frame before its first. */
    void admit(LoopChannelIndex.Entry entry, Throwable failure) {
      if (failure != null || closed) {
        entry.loop.failFrom(entry, failure != null ? failure : new IllegalStateException("channel consumer closed"));
      } else if (entries.contains(entry) && !entry.admitted) {
        entry.admitted = true;
        entry.loop.startFrom(entry, sequencer == null ? StreamPosition.NONE : sequencer.delivered());
      }
    }

    void onFrame(Buffer frame) {
      if (closed) {
        return;
      }
      if (sequencer == null) {
        emit(frame, null);
        return;
      }
      JsonObject body;
      try {
        body = new JsonObject(frame);
      } catch (DecodeException e) {
        return; // the gateway's own frames always decode
      }
      sequencer.offer(body);
    }

    @Override
    public void emit(JsonObject frame, StreamPosition position) {
      emit(frame.toBuffer(), position);
    }

    private void emit(Buffer bytes, StreamPosition position) {
      for (LoopChannelIndex.Entry entry : entries) {
        if (entry.admitted) {
          entry.loop.deliverFrom(entry, bytes, position);
        }
      }
    }

    @Override
    public void broken(StreamBreak reason) {
      // leave the map first: a new subscription gets a new consumer, which starts afresh
      consumers.remove(channel, this);
      close();
      for (LoopChannelIndex.Entry entry : entries) {
        if (entry.admitted) {
          entry.loop.breakFrom(entry, reason);
        } else {
          entry.loop.failFrom(entry, new IllegalStateException("the channel's stream broke"));
        }
      }
    }

    /** Withdraws the node's interest; frames still on their way are ignored. Idempotent. */
    synchronized void close() {
      if (!closed) {
        closed = true;
        if (sequencer != null) {
          context.runOnContext(v -> sequencer.close());
        }
        track(withdraw(channel));
      }
    }
  }
}
