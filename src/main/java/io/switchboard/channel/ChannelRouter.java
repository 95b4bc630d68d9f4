package io.switchboard.channel;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The node's side of interest-based routing: one event-bus consumer per channel that has at least
 * one local subscriber, on {@link ChannelAddresses#channel}. Its handler encodes each frame once and
 * hands the same bytes to every event loop that has subscribers of the channel, once per loop; the
 * loops write them to their own sockets. Thread-safe: every event loop calls it.
 *
 * <p>With a clustered event bus the consumer's registration tells the cluster that this node wants
 * the channel, so a publication travels only to nodes with subscribers.
 */
public final class ChannelRouter {
  private final Vertx vertx;
  private final ConcurrentHashMap<String, ChannelConsumer> consumers = new ConcurrentHashMap<>();

  public ChannelRouter(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Adds {@code loop} to the channel's interested loops, registering the node's consumer if it is
   * the first. The future completes when the consumer is registered (in a cluster: known to the other
   * nodes), so that a frame published after it reaches this node.
   */
  Future<Void> addInterest(String channel, LoopChannelIndex loop) {
    ChannelConsumer entry = consumers.compute(channel, (name, existing) -> {
      ChannelConsumer c = existing != null ? existing : register(name);
      c.loops.add(loop);
      return c;
    });
    return entry.ready;
  }

  /** Removes {@code loop}; the last one to leave unregisters the consumer. */
  void removeInterest(String channel, LoopChannelIndex loop) {
    consumers.computeIfPresent(channel, (name, c) -> {
      c.loops.remove(loop);
      if (c.loops.isEmpty()) {
        c.consumer.unregister();
        return null;
      }
      return c;
    });
  }

  /** Channels with a registered consumer on this node. */
  public int consumerCount() {
    return consumers.size();
  }

  private ChannelConsumer register(String channel) {
    ChannelConsumer c = new ChannelConsumer(channel);
    c.consumer = vertx.eventBus().consumer(ChannelAddresses.channel(channel));
    c.consumer.handler(message -> fanOut(c, message));
    c.ready = c.consumer.completion().onFailure(err -> {
      if (consumers.remove(channel, c)) {
        c.consumer.unregister();
      }
    });
    return c;
  }

  private void fanOut(ChannelConsumer c, Message<JsonObject> message) {
    if (consumers.get(c.channel) != c) {
      return; // a consumer replaced after its last loop left: the new one delivers
    }
    Buffer frame = message.body().toBuffer();
    Context here = Vertx.currentContext();
    for (LoopChannelIndex loop : c.loops) {
      loop.deliverFrom(here, c.channel, frame);
    }
  }

  private static final class ChannelConsumer {
    final String channel;
    final Set<LoopChannelIndex> loops = new CopyOnWriteArraySet<>();
    MessageConsumer<JsonObject> consumer;
    Future<Void> ready;

    ChannelConsumer(String channel) {
      this.channel = channel;
    }
  }
}
