package io.switchboard.bridge;

import io.switchboard.channel.ChannelAddresses;
import io.switchboard.channel.ChannelPublisher;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The {@code switchboard.direct} address for backends: a request {@code {user, content, sender?}} is
 * delivered to every live session of the user, on every node, as
 * {@code {"type":"direct","content":…,"sender":…}}; the reply {@code {}} means it was sent. A bad
 * request fails with 400.
 */
public final class DirectEndpoint extends RequestEndpoint {
  /** The longest user id accepted (a token's subject is not longer in practice). */
  public static final int MAX_USER_LENGTH = 256;

  private final ChannelPublisher publisher;

  public DirectEndpoint(EventBus eventBus, ChannelPublisher publisher) {
    super(eventBus, ChannelAddresses.DIRECT);
    this.publisher = publisher;
  }

  @Override
  void handle(Message<Object> request, JsonObject body) {
    if (!(body.getValue("user") instanceof String user) || user.isEmpty() || user.length() > MAX_USER_LENGTH) {
      request.fail(400, "'user' must be a string of 1-" + MAX_USER_LENGTH + " characters");
      return;
    }
    if (!hasContentAndSender(request, body)) {
      return;
    }
    publisher.direct(user, body.getValue("content"), senderOf(body));
    request.reply(new JsonObject());
  }
}
