package io.switchboard.auth;

/** What a user wants to do on a channel; each has its own rule list per namespace. */
public enum ChannelAction {
  /** Receive the channel's messages (and its presence, where the namespace tracks it). */
  SUBSCRIBE,
  /** Send a message to the channel's subscribers. */
  PUBLISH
}
