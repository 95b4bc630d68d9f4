package io.switchboard.bridge;

import io.switchboard.channel.ChannelAddresses;
import io.switchboard.channel.ChannelPublisher;
import io.switchboard.protocol.ChannelNames;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The {@code switchboard.publish} address for backends: a request {@code {channel, content,
 * sender?, idempotencyKey?}} is published to the channel's subscribers on every node. The reply
 * comes once it is accepted: {@code {}} on a channel without history; on one with history
 * {@code {offset, epoch}} once the publication is sequenced and stored. A retry with the
 * {@code idempotencyKey} of a publication the channel still keeps is answered with that
 * publication's place and publishes nothing. A bad request fails with code 400 and a readable
 * message; a store that cannot be reached, with 503. Every node registers it; the event bus sends
 * each request to one of them.
 */
public final class PublishEndpoint extends RequestEndpoint {
  /** The sender shown to clients when the backend names none. */
  public static final String DEFAULT_SENDER = "server";
  /** The longest idempotency key accepted. */
  public static final int MAX_KEY_LENGTH = 128;

  private final ChannelPublisher publisher;

  public PublishEndpoint(EventBus eventBus, ChannelPublisher publisher) {
    super(eventBus, ChannelAddresses.PUBLISH);
    this.publisher = publisher;
  }

  @Override
  void handle(Message<Object> request, JsonObject body) {
    if (!(body.getValue("channel") instanceof String channel) || !ChannelNames.isValid(channel)) {
      request.fail(400, "'channel' must be 1-128 characters of A-Z a-z 0-9 _ . : @ -");
      return;
    }
    if (!hasContentAndSender(request, body)) {
      return;
    }
    Object key = body.getValue("idempotencyKey");
    if (key != null && (!(key instanceof String k) || k.isEmpty() || k.length() > MAX_KEY_LENGTH)) {
      request.fail(400, "'idempotencyKey' must be a string of 1-" + MAX_KEY_LENGTH + " characters");
      return;
    }
    if (key != null && publisher.history().policyOf(channel) == null) {
      request.fail(400, "'idempotencyKey' needs a channel whose namespace keeps history");
      return;
    }
    publisher.publishMessage(channel, body.getValue("content"), senderOf(body), (String) key).onComplete(ar -> {
          if (ar.failed()) {
            request.fail(503, "the publication could not be stored, try again");
          } else if (ar.result() == null) {
            request.reply(new JsonObject());
          } else {
            request.reply(new JsonObject().put("offset", ar.result().position().offset())
                .put("epoch", ar.result().position().epoch()));
          }
        });
  }
}
