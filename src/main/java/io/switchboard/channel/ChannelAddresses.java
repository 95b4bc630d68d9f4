package io.switchboard.channel;

/** The public event-bus addresses (README, Backends): backends rely on these strings. */
public final class ChannelAddresses {
  /** Prefix of the address where an observed channel's frames are published (switchboard.observe). */
  public static final String CHANNEL_PREFIX = "switchboard.channel.";

  /** Lifecycle events of the gateway. */
  public static final String EVENTS = "switchboard.events";
  /** Publication requests from backends. */
  public static final String PUBLISH = "switchboard.publish";
  /** Direct messages from backends: every live session of one user. */
  public static final String DIRECT = "switchboard.direct";
  /** Backends turning observation of a channel on its {@link #channel} address on and off. */
  public static final String OBSERVE = "switchboard.observe";
  /** History queries from backends. */
  public static final String HISTORY = "switchboard.history";

  private ChannelAddresses() {}

  /** The address where every frame for the subscribers of {@code channel} is published while observed. */
  public static String channel(String channel) {
    return CHANNEL_PREFIX + channel;
  }
}
