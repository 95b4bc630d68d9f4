package io.switchboard.channel;

import io.switchboard.history.ChannelHistory;
import io.switchboard.history.HistoryPolicy;
import io.switchboard.history.StreamPosition;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.StreamBreak;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Function;

/**
 * The node's side of interest-based routing: one event-bus consumer per channel (or per user, for
 * direct messages) that has at least one local subscriber. Its handler encodes each frame once and
 * hands the same bytes to every event loop that has subscribers of the channel, once per loop; the
 * loops write them to their own sockets. Thread-safe: every event loop calls it.
 *
 * <p>With a clustered event bus the consumer's registration tells the cluster that this node wants
 * the channel, so a publication travels only to nodes with subscribers. On a channel that keeps
 * history a {@link StreamSequencer} puts the publications in offset order first, so every loop
 * receives one gap-free stream.
 */
public final class ChannelRouter {
  private final Vertx vertx;
  private final String addressPrefix;
  private final Function<JsonObject, Buffer> encoder;
  private final ChannelHistory history;
  private final RouteCheck routeCheck;
  private final ConcurrentHashMap<String, ChannelConsumer> consumers = new ConcurrentHashMap<>();
  private final Set<Future<Void>> unregistering = ConcurrentHashMap.newKeySet();

  private ChannelRouter(Vertx vertx, String addressPrefix, Function<JsonObject, Buffer> encoder,
      ChannelHistory history, RouteCheck routeCheck) {
    this.vertx = vertx;
    this.addressPrefix = addressPrefix;
    this.encoder = encoder;
    this.history = history;
    this.routeCheck = routeCheck;
  }

  /**
   * Channels: the body on {@code switchboard.channel.<name>} is the wire frame itself; channels
   * whose namespace keeps history ({@code history}) are delivered in offset order.
   */
  public static ChannelRouter forChannels(Vertx vertx, ChannelHistory history, RouteCheck routeCheck) {
    return new ChannelRouter(vertx, ChannelAddresses.CHANNEL_PREFIX, JsonObject::toBuffer, history, routeCheck);
  }

  /**
   * Users: a body {@code {content, sender?}} on {@code switchboard.user.<id>} becomes one
   * {@code direct} frame for every session of that user on this node.
   */
  public static ChannelRouter forUsers(Vertx vertx, RouteCheck routeCheck) {
    return new ChannelRouter(vertx, ChannelAddresses.USER_PREFIX, body ->
        FrameCodec.encode(new ServerFrame.Direct(body.getValue("content"), body.getString("sender", "server"))),
        ChannelHistory.NONE, routeCheck);
  }

  /**
   * Adds a loop's {@code entry} to the channel's interested loops, registering the node's consumer
   * if it is the first. Once the consumer is registered (in a cluster: routed to by every other
   * node, {@link RouteCheck}) and, with history, knows the stream's position, the entry is sent its start and then every
   * frame after it; or its failure.
   */
  void addInterest(String channel, LoopChannelIndex.Entry entry) {
    ChannelConsumer c = consumers.compute(channel, (name, existing) -> {
      ChannelConsumer consumer = existing != null ? existing : register(name);
      consumer.entries.add(entry);
      return consumer;
    });
    c.ready.onComplete(ar -> c.context.runOnContext(v -> c.admit(entry, ar.cause())));
  }

  /** Removes a loop's entry; the last one to leave unregisters the consumer. */
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
   * Completes when every unregistration started so far has completed (in a cluster: the other
   * nodes no longer route to this one). A stopping node waits for it before it leaves.
   */
  public Future<Void> settled() {
    return Future.join(new ArrayList<>(unregistering)).mapEmpty();
  }

  private void track(Future<Void> unregistration) {
    unregistering.add(unregistration);
    unregistration.onComplete(ar -> unregistering.remove(unregistration));
  }

  /**
   * Registers every consumer of this node again, in the cluster as it is now. After a split heals,
   * Hazelcast merges the smaller side's registrations into the larger side's with put-if-absent, so
   * a channel that both sides received keeps only the larger side's nodes: without this, this
   * node's subscribers of it would hear nothing more. Each consumer's new registration takes over
   * from the old one on its own context, so no message is handled twice or missed.
   *
   * @return completes once every new registration is in place
   */
  public Future<Void> registerAgain() {
    List<Future<Void>> all = new ArrayList<>();
    for (ChannelConsumer c : consumers.values()) {
      Promise<Void> done = Promise.promise();
      c.context.runOnContext(v -> c.registerAgain().onComplete(done));
      all.add(done.future());
    }
    return Future.join(all).mapEmpty();
  }

  /** Channels with a registered consumer on this node. */
  public int consumerCount() {
    return consumers.size();
  }

  private ChannelConsumer register(String channel) {
    ChannelConsumer c = new ChannelConsumer(channel, vertx.getOrCreateContext());
    HistoryPolicy policy = history.policyOf(channel);
    c.sequencer = policy == null ? null : new StreamSequencer(channel, policy, history, vertx, c);
    c.consumer = c.newConsumer();
    Future<Void> registered = c.consumer.completion()
        .compose(v -> routeCheck.confirm(addressPrefix + channel, () -> !c.closed));
    c.ready = c.sequencer == null ? registered : registered.compose(v -> c.sequencer.start());
    c.ready.onFailure(err -> {
      if (consumers.remove(channel, c)) {
        c.close();
      }
    });
    return c;
  }

  /** One channel's consumer; everything but its construction and close runs on its context. */
  private final class ChannelConsumer implements StreamSequencer.Sink {
    final String channel;
    final Context context;
    final Set<LoopChannelIndex.Entry> entries = new CopyOnWriteArraySet<>();
    volatile MessageConsumer<JsonObject> consumer;
    StreamSequencer sequencer;
    Future<Void> ready;
    private volatile boolean closed;

    ChannelConsumer(String channel, Context context) {
      this.channel = channel;
      this.context = context;
    }

    /** A consumer of the channel's address whose messages count only while it is the current one. */
    MessageConsumer<JsonObject> newConsumer() {
      MessageConsumer<JsonObject> created = vertx.eventBus().consumer(addressPrefix + channel);
      created.handler(message -> {
        if (consumer == created) {
          onMessage(message);
        }
      });
      return created;
    }

    /**
     * On the context: registers a new consumer and, once it is registered, makes it the current
     * one and lets the old one go. Both handlers run on this context, so each message is handled by
     * exactly one of them.
     */
    Future<Void> registerAgain() {
      if (closed) {
        return Future.succeededFuture();
      }
      MessageConsumer<JsonObject> replacement = newConsumer();
      return replacement.completion().andThen(ar -> {
        synchronized (this) { // against a close on another thread
          if (closed || ar.failed()) {
            track(replacement.unregister()); // the old one stays, or is already let go
          } else {
            MessageConsumer<JsonObject> old = consumer;
            consumer = replacement;
            track(old.unregister());
          }
        }
      });
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

    void onMessage(Message<JsonObject> message) {
      // a backend may send any body type: only JSON objects are frames
      if (closed || !(((Message<?>) message).body() instanceof JsonObject body)) {
        return;
      }
      if (body.isEmpty()) {
        // no frame is empty; a route check's marker is (its header is only read here, off the hot path)
        routeCheck.markerArrived(message);
        return;
      }
      if (sequencer != null) {
        sequencer.offer(body);
      } else {
        emit(body, null);
      }
    }

    @Override
    public void emit(JsonObject frame, StreamPosition position) {
      Buffer bytes = encoder.apply(frame);
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

    /** Unregisters; frames still on their way are ignored. Idempotent. */
    synchronized void close() {
      if (!closed) {
        closed = true;
        if (sequencer != null) {
          context.runOnContext(v -> sequencer.close());
        }
        track(consumer.unregister());
      }
    }
  }
}
