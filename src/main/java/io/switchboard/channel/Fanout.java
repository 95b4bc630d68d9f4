package io.switchboard.channel;

import io.switchboard.interest.InterestKeys;
import io.switchboard.interest.InterestTable;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends a frame to every node that wants a channel or a user: it reads the nodes from the
 * {@link InterestTable} (one read per frame, on the key's partition), then sends the same encoded
 * envelope to each node's {@link NodeMailbox}, and hands it straight to this node's routers when
 * this node is one of them. A read that starts after a node's interest was recorded sees it, so a
 * subscriber told {@code subscribed} receives every frame sent after that, from any node.
 *
 * <p>Frames of one key leave in the order they were given, whatever order their reads complete in:
 * each key has a queue while it has frames in flight, and a frame is sent once it and every frame
 * before it has its nodes. A read that fails or takes longer than the timeout loses its frame, which
 * is counted ({@link #lost()}). Channels that backends observe ({@link #OBSERVERS} among the nodes)
 * are also published on {@code switchboard.channel.<name>}. Thread-safe.
 */
public final class Fanout {
  /** The pseudo-node that stands for backends observing a channel on its event-bus address. */
  public static final String OBSERVERS = "observers";

  private final InterestTable table;
  private final NodeMailbox mailbox;
  private final EventBus eventBus;
  private final long timeoutMs;
  private final ConcurrentHashMap<String, KeyQueue> queues = new ConcurrentHashMap<>();
  private final LongAdder lost = new LongAdder();
  private final LongAdder sent = new LongAdder();

  Fanout(InterestTable table, NodeMailbox mailbox, EventBus eventBus, long timeoutMs) {
    this.table = table;
    this.mailbox = mailbox;
    this.eventBus = eventBus;
    this.timeoutMs = timeoutMs;
  }

  /** Sends {@code frame} (wire bytes) to every subscriber of {@code channel}, on every node. */
  public void toChannel(String channel, Buffer frame) {
    send(new Envelope(Envelope.Kind.CHANNEL, channel, frame), InterestKeys.channel(channel));
  }

  /** Sends {@code frame} (wire bytes) to every session of {@code userId}, on every node. */
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
    Future<List<String>> nodes = table.nodes(key);
    (timeoutMs > 0 ? nodes.timeout(timeoutMs, TimeUnit.MILLISECONDS) : nodes).onComplete(ar -> {
      synchronized (q) {
        pending.nodes = ar.succeeded() ? ar.result() : null;
        pending.done = true;
      }
      drain(key, q);
    });
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
