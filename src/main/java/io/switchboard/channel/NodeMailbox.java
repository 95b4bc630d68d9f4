package io.switchboard.channel;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The node's one event-bus consumer for routed frames, {@code switchboard.node.<nodeId>}, whatever
 * the number of channels and users it serves: the only registration a node makes in the cluster's
 * event-bus map, so other nodes pay nothing when a channel or user comes here. Other nodes send it
 * {@link Envelope}s: frames, which it hands to the node's routers, and requests to drop a copy of
 * a key's nodes, which it answers once the copy is gone. Thread-safe.
 */
public final class NodeMailbox {
  /** Prefix of a node's mailbox address; the rest is the node's id. */
  public static final String ADDRESS_PREFIX = "switchboard.node.";
  /** How long a node that keeps a copy of a key's nodes has to drop it before it is given up on. */
  static final long INVALIDATE_TIMEOUT_MS = 2000;

  private final Vertx vertx;
  private final String self;
  private final LongAdder malformed = new LongAdder();
  private final LongAdder unconfirmed = new LongAdder();
  private volatile Consumer<Envelope> frames = e -> {};
  private volatile Consumer<String> invalidations = k -> {};
  private volatile MessageConsumer<Buffer> consumer;

  NodeMailbox(Vertx vertx, String self) {
    this.vertx = vertx;
    this.self = self;
  }

  /** Where arriving frames and invalidations go; set once, before {@link #start()}. */
  void deliverTo(Consumer<Envelope> frames, Consumer<String> invalidations) {
    this.frames = frames;
    this.invalidations = invalidations;
  }

  /** Registers the mailbox; before the node serves anyone. */
  public Future<Void> start() {
    MessageConsumer<Buffer> created = newConsumer();
    consumer = created;
    return created.completion();
  }

  /**
   * Registers the mailbox again, in the cluster as it is now (after a split healed, the merge may
   * have kept the registration the other side had removed when it lost this node), then lets the
   * old registration go. A message is handled by whichever consumer is current when it arrives.
   */
  public Future<Void> registerAgain() {
    MessageConsumer<Buffer> replacement = newConsumer();
    return replacement.completion().compose(v -> {
      MessageConsumer<Buffer> old = consumer;
      consumer = replacement;
      return old == null ? Future.succeededFuture() : old.unregister();
    });
  }

  /** Unregisters: other nodes' frames for this one are dropped from now on. */
  public Future<Void> stop() {
    MessageConsumer<Buffer> current = consumer;
    consumer = null;
    return current == null ? Future.succeededFuture() : current.unregister();
  }

  /**
   * Tells each of {@code readers} that {@code key}'s nodes changed; completes (never fails) once
   * each has dropped its copy, or is gone, or has not answered within {@value #INVALIDATE_TIMEOUT_MS}
   * ms (a frozen node: counted, {@link #unconfirmed()}).
   */
  public Future<Void> invalidate(Collection<String> readers, String key) {
    if (readers.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<Void>> all = new ArrayList<>(readers.size());
    Buffer request = null;
    for (String reader : readers) {
      if (reader.equals(self)) {
        invalidations.accept(key);
        continue;
      }
      if (request == null) {
        request = new Envelope(Envelope.Kind.INVALIDATE, key, Buffer.buffer()).encode();
      }
      all.add(vertx.eventBus().request(ADDRESS_PREFIX + reader, request,
          new DeliveryOptions().setSendTimeout(INVALIDATE_TIMEOUT_MS)).transform(ar -> {
            if (ar.failed() && ar.cause() instanceof ReplyException e && e.failureType() == ReplyFailure.TIMEOUT) {
              unconfirmed.increment();
            } // else dropped, or no such node any more: nothing keeps a copy there
            return Future.<Void>succeededFuture();
          }));
    }
    return Future.join(all).mapEmpty();
  }

  /**
   * The channel a message body on a mailbox carries a frame for; null when it is not a channel
   * envelope. For interceptors that watch or hold back one channel's frames (tests, debugging).
   */
  public static String channelOf(Object body) {
    if (!(body instanceof Buffer bytes)) {
      return null;
    }
    try {
      Envelope e = Envelope.decode(bytes);
      return e.forChannel() ? e.name() : null;
    } catch (IllegalArgumentException notAnEnvelope) {
      return null;
    }
  }

  /** This node's id. */
  String self() {
    return self;
  }

  /** Sends an encoded envelope to {@code node}'s mailbox; a node that is gone drops it. */
  void send(String node, Buffer envelope) {
    vertx.eventBus().send(ADDRESS_PREFIX + node, envelope);
  }

  /** Hands a frame to this node's own routers, as if it had arrived. */
  void receive(Envelope envelope) {
    frames.accept(envelope);
  }

  /** Messages on the mailbox that were not envelopes (another member's mistake): counted, dropped. */
  public long malformed() {
    return malformed.sum();
  }

  /** Invalidations a reader did not confirm in time (it was frozen, or lagging). */
  public long unconfirmed() {
    return unconfirmed.sum();
  }

  private MessageConsumer<Buffer> newConsumer() {
    MessageConsumer<Buffer> created = vertx.eventBus().consumer(ADDRESS_PREFIX + self);
    created.handler(message -> {
      if (consumer == created) {
        onMessage(message);
      }
    });
    return created;
  }

  private void onMessage(Message<?> message) {
    Envelope envelope;
    try {
      envelope = message.body() instanceof Buffer bytes ? Envelope.decode(bytes) : null;
    } catch (IllegalArgumentException e) {
      envelope = null;
    }
    if (envelope == null) {
      malformed.increment();
    } else if (envelope.kind() == Envelope.Kind.INVALIDATE) {
      invalidations.accept(envelope.name());
      message.reply(null);
    } else {
      frames.accept(envelope);
    }
  }
}
