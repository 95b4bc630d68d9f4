package io.switchboard.session;

import io.switchboard.config.ConfigSection;
import java.time.Duration;

/**
 * Per-connection limits. Every one of them ends in a documented outcome (see the README).
 *
 * @param maxMessageBytes largest inbound message; larger closes the socket with 1009
 * @param maxSubscriptions subscriptions one connection may hold; more gets {@code too_many_subscriptions}
 * @param maxConnectionsPerUser connections one user may hold on this node; more is closed with 4029
 * @param messagesPerSecond sustained inbound frames per second per connection
 * @param messageBurst inbound frames a connection may send at once above the sustained rate
 * @param closeAfterRejected frames rejected for rate within {@link #REJECTION_WINDOW} before the
 *     connection is closed with 4029
 * @param maxPendingBytes outbound bytes a connection may have waiting; past it the connection is
 *     closed with 4008 (slow consumer). Pongs and close replies count against it too
 * @param maxUnauthenticatedBytes bytes a connection may send, and have waiting, before it is
 *     authenticated (the {@code auth} frame, pings); past it the connection is closed with 4001, so
 *     a client without a token can make the node hold only this much
 */
public record SessionLimits(
    int maxMessageBytes,
    int maxSubscriptions,
    int maxConnectionsPerUser,
    int messagesPerSecond,
    int messageBurst,
    int closeAfterRejected,
    int maxPendingBytes,
    int maxUnauthenticatedBytes) {
  /**
   * The outbound bound in force: {@link #maxPendingBytes} once authenticated, the much smaller
   * {@link #maxUnauthenticatedBytes} before.
   */
  public int outboundBudget(boolean authenticated) {
    return authenticated ? maxPendingBytes : maxUnauthenticatedBytes;
  }

  /** The window in which rate-limit rejections are counted towards a close. */
  public static final Duration REJECTION_WINDOW = Duration.ofSeconds(10);

  public static final SessionLimits DEFAULTS =
      new SessionLimits(65_536, 100, 10, 50, 100, 50, 1_048_576, 8192);

  /** Reads the {@code limits} section. */
  public static SessionLimits from(ConfigSection root) {
    ConfigSection s = root.section("limits", "maxMessageBytes", "maxSubscriptionsPerConnection",
        "maxConnectionsPerUser", "messagesPerSecond", "messageBurst", "closeAfterRejected",
        "maxPendingBytes", "maxUnauthenticatedBytes");
    SessionLimits d = DEFAULTS;
    return new SessionLimits(
        s.integer("maxMessageBytes", d.maxMessageBytes(), 256, 64 * 1024 * 1024),
        s.integer("maxSubscriptionsPerConnection", d.maxSubscriptions(), 1, 1_000_000),
        s.integer("maxConnectionsPerUser", d.maxConnectionsPerUser(), 1, 1_000_000),
        s.integer("messagesPerSecond", d.messagesPerSecond(), 1, 10_000_000),
        s.integer("messageBurst", d.messageBurst(), 1, 10_000_000),
        s.integer("closeAfterRejected", d.closeAfterRejected(), 1, 10_000_000),
        s.integer("maxPendingBytes", d.maxPendingBytes(), 1024, Integer.MAX_VALUE),
        s.integer("maxUnauthenticatedBytes", d.maxUnauthenticatedBytes(), 1024, 1024 * 1024));
  }
}
