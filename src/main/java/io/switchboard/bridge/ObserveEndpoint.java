package io.switchboard.bridge;

import io.switchboard.channel.ChannelAddresses;
import io.switchboard.channel.Fanout;
import io.switchboard.channel.NodeMailbox;
import io.switchboard.interest.InterestKeys;
import io.switchboard.interest.InterestTable;
import io.switchboard.protocol.ChannelNames;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The {@code switchboard.observe} address for backends: a request {@code {channel, observe?}} turns
 * observation of the channel on ({@code observe} true, the default) or off. While it is on, every
 * frame sent to the channel's subscribers is also published, as JSON, on
 * {@code switchboard.channel.<channel>}, where any number of backends may consume it. It stays on
 * until turned off, whoever turned it on and whether or not anyone consumes it (a channel with
 * nobody consuming costs one event-bus publish per frame). The reply {@code {}} comes once frames
 * sent after it are published there; a bad request fails with 400, a table that cannot be reached
 * with 503.
 */
public final class ObserveEndpoint extends RequestEndpoint {
  private final InterestTable table;
  private final NodeMailbox mailbox;

  public ObserveEndpoint(EventBus eventBus, InterestTable table, NodeMailbox mailbox) {
    super(eventBus, ChannelAddresses.OBSERVE);
    this.table = table;
    this.mailbox = mailbox;
  }

  @Override
  void handle(Message<Object> request, JsonObject body) {
    if (!(body.getValue("channel") instanceof String channel) || !ChannelNames.isValid(channel)) {
      request.fail(400, "'channel' must be 1-128 characters of A-Z a-z 0-9 _ . : @ -");
      return;
    }
    Object observe = body.getValue("observe", Boolean.TRUE);
    if (!(observe instanceof Boolean on)) {
      request.fail(400, "'observe' must be true or false");
      return;
    }
    String key = InterestKeys.channel(channel);
    (on ? table.add(key, Fanout.OBSERVERS) : table.remove(key, Fanout.OBSERVERS))
        .compose(readers -> mailbox.invalidate(readers, key)).onComplete(ar -> {
      if (ar.succeeded()) {
        request.reply(new JsonObject());
      } else {
        request.fail(503, "the interest table could not be reached, try again");
      }
    });
  }
}
