package io.switchboard.events;

import io.switchboard.channel.ChannelAddresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Publishes lifecycle events on {@code switchboard.events} for backends: {@code connected},
 * {@code disconnected}, {@code subscribed}, {@code unsubscribed}, {@code join} and {@code leave}.
 * Every event carries {@code event}, {@code node} (the node that saw it) and {@code ts} (epoch
 * milliseconds); connection events carry {@code user} and {@code connection}, channel events the
 * {@code channel}. {@code join}/{@code leave} mean the user's first connection anywhere entered the
 * channel, or the last one anywhere left it; a leave caused by a lost node carries {@code lostNode}.
 * With no consumer anywhere, a publish costs a local lookup.
 */
public final class GatewayEvents {
  private final EventBus eventBus;
  private final String nodeId;
  private final boolean enabled;

  public GatewayEvents(EventBus eventBus, String nodeId, boolean enabled) {
    this.eventBus = eventBus;
    this.nodeId = nodeId;
    this.enabled = enabled;
  }

  public void connected(String user, String connection) {
    publish(base("connected").put("user", user).put("connection", connection));
  }

  /** {@code code} is the close code, or null when the peer vanished. */
  public void disconnected(String user, String connection, Short code) {
    JsonObject e = base("disconnected").put("user", user).put("connection", connection);
    if (code != null) {
      e.put("code", code);
    }
    publish(e);
  }

  public void subscribed(String user, String connection, String channel) {
    publish(base("subscribed").put("user", user).put("connection", connection).put("channel", channel));
  }

  public void unsubscribed(String user, String connection, String channel) {
    publish(base("unsubscribed").put("user", user).put("connection", connection).put("channel", channel));
  }

  public void join(String user, String channel) {
    publish(base("join").put("user", user).put("channel", channel));
  }

  public void leave(String user, String channel, String lostNode) {
    JsonObject e = base("leave").put("user", user).put("channel", channel);
    if (lostNode != null) {
      e.put("lostNode", lostNode);
    }
    publish(e);
  }

  private JsonObject base(String event) {
    return new JsonObject().put("event", event).put("node", nodeId).put("ts", System.currentTimeMillis());
  }

  private void publish(JsonObject event) {
    if (enabled) {
      eventBus.publish(ChannelAddresses.EVENTS, event);
    }
  }
}
