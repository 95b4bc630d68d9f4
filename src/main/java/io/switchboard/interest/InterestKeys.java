package io.switchboard.interest;

/** The keys of the {@link InterestTable}: channels and users share one table, apart by prefix. */
public final class InterestKeys {
  private InterestKeys() {}

  /** The key of a channel's subscribers. */
  public static String channel(String channel) {
    return "c:" + channel;
  }

  /** The key of a user's sessions (direct messages). */
  public static String user(String userId) {
    return "u:" + userId;
  }
}
