package io.switchboard.bridge;

import io.switchboard.channel.ChannelAddresses;
import io.switchboard.history.ChannelHistory;
import io.switchboard.history.HistoryPolicy;
import io.switchboard.history.HistoryQuery;
import io.switchboard.history.StreamPosition;
import io.switchboard.protocol.ChannelNames;
import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ProtocolException;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The {@code switchboard.history} address for backends: a request {@code {channel, limit?, since?,
 * reverse?}} is answered as a client's {@code history} query is, with the same JSON
 * ({@code {type: "history", channel, publications: [{offset, content, sender}], epoch, offset,
 * complete?}}). A bad request fails with 400, a channel without history with 404, a store that
 * cannot be reached with 503. Backends are trusted: no permission is checked.
 */
public final class HistoryEndpoint extends RequestEndpoint {
  private final ChannelHistory history;

  public HistoryEndpoint(EventBus eventBus, ChannelHistory history) {
    super(eventBus, ChannelAddresses.HISTORY);
    this.history = history;
  }

  @Override
  void handle(Message<Object> request, JsonObject body) {
    if (!(body.getValue("channel") instanceof String channel) || !ChannelNames.isValid(channel)) {
      request.fail(400, "'channel' must be 1-128 characters of A-Z a-z 0-9 _ . : @ -");
      return;
    }
    HistoryQuery query;
    try {
      ClientFrame.StreamPosition since = FrameCodec.since(body, null, channel);
      Object reverse = body.getValue("reverse");
      if (reverse != null && !(reverse instanceof Boolean)) {
        request.fail(400, "'reverse' must be true or false");
        return;
      }
      query = new HistoryQuery(FrameCodec.limit(body, null, channel),
          since == null ? null : new StreamPosition(since.epoch(), since.offset()), Boolean.TRUE.equals(reverse));
    } catch (ProtocolException e) {
      request.fail(400, e.getMessage());
      return;
    }
    HistoryPolicy policy = history.policyOf(channel);
    if (policy == null) {
      request.fail(404, "the namespace of '" + channel + "' keeps no history");
      return;
    }
    query.ask(history.streams(), channel, policy).onComplete(ar -> {
      if (ar.failed()) {
        request.fail(503, "history is unavailable, try again");
      } else {
        request.reply(FrameCodec.toJson(ar.result().toFrame(channel, null)));
      }
    });
  }
}
