package io.switchboard.channel;

import io.switchboard.interest.InterestKeys;
import io.switchboard.interest.InterestTable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends a frame to every node that wants a channel or a user: for a channel it reads the key's
 * nodes from the {@link InterestTable} once (one operation on the key's partition, which records this node as a
 * reader) and keeps the copy; then it sends the same encoded envelope to each node's
 * {@link NodeMailbox}, and hands it straight to this node's routers when this node is one of them.
 * A node that records its interest tells every reader to drop its copy, and waits for them, before
 * its subscriber is told {@code subscribed}: so every frame sent after that, from any node, reaches
 * it. Copies are dropped too when this node notices it was paused (it may have missed a change),
 * and beyond {@link #MAX_COPIES} keys (the table is told it no longer reads them).
 *
 * <p>Frames of one key leave in the order they were given, whatever order their reads complete in:
 * each key has a queue while it has frames in flight, and a frame is sent once it and every frame
 * before it has its nodes. A read that fails (a table bounded in time, as the node's is, fails one
 * that takes too long) loses its frame, which is counted ({@link #lost()}). Channels that backends observe ({@link #OBSERVERS} among the nodes)
 * are also published on {@code switchboard.channel.<name>}. Thread-safe.
 */
public final class Fanout {
  /** The pseudo-node that stands for backends observing a channel on its event-bus address. */
  public static final String OBSERVERS = "observers";
  /** Keys whose nodes a node keeps a copy of, at most. */
  static final int MAX_COPIES = 100_000;
  /** A gap this long between two ticks of the pause watch means this node was paused. */
  private static final long PAUSE_MS = 1500;
  private static final long WATCH_MS = 250;

  private final InterestTable table;
  private final NodeMailbox mailbox;
  private final EventBus eventBus;
  private final ConcurrentHashMap<String, KeyQueue> queues = new ConcurrentHashMap<>();
  /** Copies of keys' nodes: the read, done or in flight. */
  private final ConcurrentHashMap<String, Future<List<String>>> copies = new ConcurrentHashMap<>();
  private final LongAdder lost = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final LongAdder reads = new LongAdder();
  private final LongAdder pauses = new LongAdder();
  private long watch = -1;
  private volatile long lastTick;

  Fanout(InterestTable table, NodeMailbox mailbox, EventBus eventBus) {
    this.table = table;
    this.mailbox = mailbox;
    this.eventBus = eventBus;
  }

  /** Starts watching for pauses of this process (a freeze, a long GC): each drops every copy. */
  public void start(Vertx vertx) {
    lastTick = System.nanoTime();
    watch = vertx.setPeriodic(WATCH_MS, t -> {
      long now = System.nanoTime();
      if (now - lastTick > TimeUnit.MILLISECONDS.toNanos(PAUSE_MS)) {
        pauses.increment();
        dropCopies();
      }
      lastTick = now;
    });
  }

  /** Stops the pause watch. */
  public void stop(Vertx vertx) {
    if (watch >= 0) {
      vertx.cancelTimer(watch);
    }
  }

  /** Drops every copy: after a split healed, the other side's changes never reached this node. */
  public void dropCopies() {
    copies.clear();
  }

  /** A key's nodes changed: the next frame for it reads them again. */
  void invalidate(String key) {
    copies.remove(key);
  }

  /** Sends {@code frame} (wire bytes) to every subscriber of {@code channel}, on every node. */
  public void toChannel(String channel, Buffer frame) {
    send(new Envelope(Envelope.Kind.CHANNEL, channel, frame), InterestKeys.channel(channel));
  }

  /**
   * Sends a channel's presence list (wire bytes) read at {@code version} to its subscribers on every
   * node: a node delivers it unless it delivered a later one already (see {@link PresenceOrder}).
   */
  public void presenceToChannel(String channel, Buffer frame, long version) {
    send(new Envelope(Envelope.Kind.PRESENCE, channel, frame, version), InterestKeys.channel(channel));
  }

  /**
   * Sends {@code frame} (wire bytes) to every session of {@code userId}, on every node. The user's
   * nodes are read for each message and no copy is kept: a backend typically sends one message to
   * each of many users, and a copy would make it a reader of every one of them (a write to the
   * table per user, and a request to it whenever one of them connects somewhere new).
   */
  public void toUser(String userId, Buffer frame) {
    send(new Envelope(Envelope.Kind.USER, userId, frame), InterestKeys.user(userId));
  }

  /** The table this fan-out reads. */
  public InterestTable table() {
    return table;
  }

  /** Frames lost because their nodes could not be read in time. */
  public long lost() {
    return lost.sum();
  }

  /** Keys whose nodes this node keeps a copy of (at most {@link #MAX_COPIES}). */
  public int copies() {
    return copies.size();
  }

  /** Reads of a key's nodes from the table (a channel frame whose key had no copy, every direct message). */
  public long reads() {
    return reads.sum();
  }

  /** Pauses of this process noticed (each dropped every copy). */
  public long pauses() {
    return pauses.sum();
  }

  /** Envelopes sent to other nodes. */
  public long sent() {
    return sent.sum();
  }

  private void send(Envelope envelope, String key) {
    Pending pending = new Pending(envelope);
    KeyQueue queue;
    while (true) {
      queue = queues.computeIfAbsent(key, k -> new KeyQueue());
      synchronized (queue) {
        if (!queue.retired) {
          queue.frames.add(pending);
          break;
        }
      }
    }
    KeyQueue q = queue;
    Future<List<String>> nodes = envelope.forChannel() ? nodesOf(key) : readOnce(key);
    nodes.onComplete(ar -> {
      synchronized (q) {
        pending.nodes = ar.succeeded() ? ar.result() : null;
        pending.done = true;
      }
      drain(key, q);
    });
  }

  /** The key's nodes: this node's copy, or a read that records it as a reader and becomes the copy. */
  private Future<List<String>> nodesOf(String key) {
    Future<List<String>> copy = copies.get(key);
    if (copy != null) {
      return copy;
    }
    if (copies.size() >= MAX_COPIES) {
      forgetSome();
    }
    // the copy is in place before the read starts: an invalidation that the read's own recording
    // as a reader causes always finds it
    Promise<List<String>> pending = Promise.promise();
    Future<List<String>> placed = pending.future();
    Future<List<String>> raced = copies.putIfAbsent(key, placed);
    if (raced != null) {
      return raced;
    }
    reads.increment();
    table.read(key, mailbox.self()).onComplete(pending);
    placed.onFailure(err -> copies.remove(key, placed));
    return placed;
  }

  /** The key's nodes as they are now, this node recorded nowhere and nothing kept. */
  private Future<List<String>> readOnce(String key) {
    reads.increment();
    return table.nodes(key);
  }

  /** Drops a tenth of the copies, and tells the table this node no longer reads those keys. */
  private void forgetSome() {
    List<String> dropped = new ArrayList<>();
    for (String key : copies.keySet()) {
      if (dropped.size() >= MAX_COPIES / 10) {
        break;
      }
      if (copies.remove(key) != null) {
        dropped.add(key);
      }
    }
    table.forget(dropped, mailbox.self());
  }

  private void drain(String key, KeyQueue queue) {
    synchronized (queue) {
      Pending head;
      while ((head = queue.frames.peek()) != null && head.done) {
        queue.frames.poll();
        deliver(head);
      }
      if (queue.frames.isEmpty()) {
        queue.retired = true;
        queues.remove(key, queue);
      }
    }
  }

  private void deliver(Pending pending) {
    if (pending.nodes == null) {
      lost.increment();
      return;
    }
    Buffer encoded = null;
    for (String node : pending.nodes) {
      if (node.equals(mailbox.self())) {
        mailbox.receive(pending.envelope);
      } else if (node.equals(OBSERVERS)) {
        eventBus.publish(ChannelAddresses.channel(pending.envelope.name()), new JsonObject(pending.envelope.frame()));
      } else {
        if (encoded == null) {
          encoded = pending.envelope.encode();
        }
        mailbox.send(node, encoded);
        sent.increment();
      }
    }
  }

  /** One key's frames in flight, oldest first; guarded by itself. */
  private static final class KeyQueue {
    final ArrayDeque<Pending> frames = new ArrayDeque<>(2);
    /** Emptied and out of the map: a new frame of the key makes a new queue. */
    boolean retired;
  }

  private static final class Pending {
    final Envelope envelope;
    List<String> nodes;
    boolean done;

    Pending(Envelope envelope) {
      this.envelope = envelope;
    }
  }
}
