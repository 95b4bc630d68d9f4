package io.switchboard.channel;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The node's one event-bus consumer for routed frames, {@code switchboard.node.<nodeId>}, whatever
 * the number of channels and users it serves: the only registration a node makes in the cluster's
 * event-bus map, so other nodes pay nothing when a channel or user comes here. Other nodes send it
 * {@link Envelope}s; it hands each to the node's routers. Thread-safe.
 */
public final class NodeMailbox {
  /** Prefix of a node's mailbox address; the rest is the node's id. */
  public static final String ADDRESS_PREFIX = "switchboard.node.";

  private final Vertx vertx;
  private final String self;
  private final Consumer<Envelope> receiver;
  private final LongAdder malformed = new LongAdder();
  private volatile MessageConsumer<Buffer> consumer;

  NodeMailbox(Vertx vertx, String self, Consumer<Envelope> receiver) {
    this.vertx = vertx;
    this.self = self;
    this.receiver = receiver;
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
   * The channel a message body on a mailbox carries a frame for; null when it is not a channel
   * envelope. For interceptors that watch or hold back one channel's frames (tests, debugging).
   */
  public static String channelOf(Object body) {
    if (!(body instanceof Buffer bytes)) {
      return null;
    }
    try {
      Envelope e = Envelope.decode(bytes);
      return e.kind() == Envelope.Kind.CHANNEL ? e.name() : null;
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
    receiver.accept(envelope);
  }

  /** Messages on the mailbox that were not envelopes (another member's mistake): counted, dropped. */
  public long malformed() {
    return malformed.sum();
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
      return;
    }
    receiver.accept(envelope);
  }
}
