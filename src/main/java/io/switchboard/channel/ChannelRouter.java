package io.switchboard.channel;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
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
 * the channel, so a publication travels only to nodes with subscribers.
 */
public final class ChannelRouter {
  private final Vertx vertx;
  private final String addressPrefix;
  private final Function<JsonObject, Buffer> encoder;
  private final ConcurrentHashMap<String, ChannelConsumer> consumers = new ConcurrentHashMap<>();
  private final Set<Future<Void>> unregistering = ConcurrentHashMap.newKeySet();

  private ChannelRouter(Vertx vertx, String addressPrefix, Function<JsonObject, Buffer> encoder) {
    this.vertx = vertx;
    this.addressPrefix = addressPrefix;
    this.encoder = encoder;
  }

  /** Channels: the body on {@code switchboard.channel.<name>} is the wire frame itself. */
  public static ChannelRouter forChannels(Vertx vertx) {
    return new ChannelRouter(vertx, ChannelAddresses.CHANNEL_PREFIX, JsonObject::toBuffer);
  }

  /**
   * Users: a body {@code {content, sender?}} on {@code switchboard.user.<id>} becomes one
   * {@code direct} frame for every session of that user on this node.
   */
  public static ChannelRouter forUsers(Vertx vertx) {
    return new ChannelRouter(vertx, ChannelAddresses.USER_PREFIX, body ->
        FrameCodec.encode(new ServerFrame.Direct(body.getValue("content"), body.getString("sender", "server"))));
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
        track(c.consumer.unregister());
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

  /** Channels with a registered consumer on this node. */
  public int consumerCount() {
    return consumers.size();
  }

  private ChannelConsumer register(String channel) {
    ChannelConsumer c = new ChannelConsumer(channel);
    c.consumer = vertx.eventBus().consumer(addressPrefix + channel);
    c.consumer.handler(message -> fanOut(c, message));
    c.ready = c.consumer.completion().onFailure(err -> {
      if (consumers.remove(channel, c)) {
        track(c.consumer.unregister());
      }
    });
    return c;
  }

  private void fanOut(ChannelConsumer c, Message<JsonObject> message) {
    // a backend may send any body type: only JSON objects are frames
    if (!(((Message<?>) message).body() instanceof JsonObject)) {
      return;
    }
    if (consumers.get(c.channel) != c) {
      return; // a consumer replaced after its last loop left: the new one delivers
    }
    JsonObject body = message.body();
    if (body == null) {
      return;
    }
    Buffer frame = encoder.apply(body);
    for (LoopChannelIndex loop : c.loops) {
      loop.deliverFrom(c.channel, frame);
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
