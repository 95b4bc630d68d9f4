package io.switchboard.protocol;

import java.util.List;

/**
 * A frame the server sends. Fields that are null are left out on the wire, so that a seed client
 * sees exactly the seed's shapes.
 */
public sealed interface ServerFrame {
  /** Reply to {@code subscribe}. {@code recovered} is null unless the client asked to resume. */
  record Subscribed(String channel, Boolean recovered, Object ref) implements ServerFrame {}

  /** Reply to {@code unsubscribe}. */
  record Unsubscribed(String channel, Object ref) implements ServerFrame {}

  /** One publication delivered to a subscriber. {@code sender} is the publisher's authenticated id. */
  record Message(String channel, Object content, String sender) implements ServerFrame {}

  /** A message from a backend to one user (all of the user's sessions), not through a channel. */
  record Direct(Object content, String sender) implements ServerFrame {}

  /** The full list of a channel's users, each once. */
  record Presence(String channel, List<String> users, Object ref) implements ServerFrame {}

  /** Users who joined a large channel since the last announcement. */
  record Join(String channel, List<String> users) implements ServerFrame {}

  /** Users who left a large channel since the last announcement. */
  record Leave(String channel, List<String> users) implements ServerFrame {}

  /** Reply to {@code ping}. */
  record Pong(Object ref) implements ServerFrame {}

  /** Acknowledges a {@code message} that carried a {@code ref}, or a successful {@code auth}. */
  record Ack(Object ref, String user) implements ServerFrame {}

  /** Something the client sent could not be served; the connection stays open. */
  record Error(ErrorCode code, String message, String channel, Object ref) implements ServerFrame {}
}
