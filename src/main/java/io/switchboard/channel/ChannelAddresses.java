package io.switchboard.channel;

/** The public event-bus addresses (DESIGN.md §3). Backends rely on these strings: they do not change. */
public final class ChannelAddresses {
  /** Prefix of the per-channel fan-out address. */
  public static final String CHANNEL_PREFIX = "switchboard.channel.";

  private ChannelAddresses() {}

  /** The address that carries every frame for the subscribers of {@code channel}. */
  public static String channel(String channel) {
    return CHANNEL_PREFIX + channel;
  }
}
