package io.switchboard.channel;

/** The public event-bus addresses (DESIGN.md §3). Backends rely on these strings: they do not change. */
public final class ChannelAddresses {
  /** Prefix of the per-channel fan-out address. */
  public static final String CHANNEL_PREFIX = "switchboard.channel.";

  /** Prefix of the per-user address: every live session of the user, on any node. */
  public static final String USER_PREFIX = "switchboard.user.";
  /** Lifecycle events of the gateway. */
  public static final String EVENTS = "switchboard.events";
  /** Publication requests from backends. */
  public static final String PUBLISH = "switchboard.publish";
  /** History queries from backends. */
  public static final String HISTORY = "switchboard.history";

  private ChannelAddresses() {}

  /** The address that carries every frame for the subscribers of {@code channel}. */
  public static String channel(String channel) {
    return CHANNEL_PREFIX + channel;
  }

  /** The address of every live session of {@code userId}. */
  public static String user(String userId) {
    return USER_PREFIX + userId;
  }
}
