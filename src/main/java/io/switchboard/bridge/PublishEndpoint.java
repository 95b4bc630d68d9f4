package io.switchboard.bridge;

import io.switchboard.channel.ChannelAddresses;
import io.switchboard.channel.ChannelPublisher;
import io.switchboard.protocol.ChannelNames;
import io.switchboard.protocol.ServerFrame;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * The {@code switchboard.publish} address for backends: a request {@code {channel, content,
 * sender?}} is published to the channel's subscribers on every node, and the reply ({@code {}})
 * comes once it is accepted. A bad request fails with code 400 and a readable message. Every node
 * registers it; the event bus sends each request to one of them.
 */
public final class PublishEndpoint {
  /** The sender shown to clients when the backend names none. */
  public static final String DEFAULT_SENDER = "server";

  private final EventBus eventBus;
  private final ChannelPublisher publisher;
  private MessageConsumer<Object> consumer;

  public PublishEndpoint(EventBus eventBus, ChannelPublisher publisher) {
    this.eventBus = eventBus;
    this.publisher = publisher;
  }

  public Future<Void> start() {
    consumer = eventBus.consumer(ChannelAddresses.PUBLISH, this::handle);
    return consumer.completion();
  }

  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void handle(Message<Object> request) {
    if (!(request.body() instanceof JsonObject body)) {
      request.fail(400, "the body must be a JSON object {channel, content, sender?}");
      return;
    }
    if (!(body.getValue("channel") instanceof String channel) || !ChannelNames.isValid(channel)) {
      request.fail(400, "'channel' must be 1-128 characters of A-Z a-z 0-9 _ . : @ -");
      return;
    }
    if (!body.containsKey("content")) {
      request.fail(400, "'content' is required (any JSON value)");
      return;
    }
    Object sender = body.getValue("sender");
    if (sender != null && !(sender instanceof String)) {
      request.fail(400, "'sender' must be a string");
      return;
    }
    publisher.publish(channel, new ServerFrame.Message(channel, body.getValue("content"),
        sender == null ? DEFAULT_SENDER : (String) sender));
    request.reply(new JsonObject());
  }
}
