package io.switchboard.protocol;

/**
 * A frame sent by a client, already validated by {@link FrameCodec#decode}: channel names obey
 * {@link ChannelNames}, required fields are present. {@code ref} is any JSON value the client chose,
 * echoed on the reply, or null.
 */
public sealed interface ClientFrame {
  /** The client's correlation value, or null. */
  Object ref();

  /** {@code subscribe {channel, since?}}: join a channel; {@code since} asks for missed messages. */
  record Subscribe(String channel, StreamPosition since, Object ref) implements ClientFrame {}

  /** {@code unsubscribe {channel}}. */
  record Unsubscribe(String channel, Object ref) implements ClientFrame {}

  /** {@code message {channel, content}}: publish; {@code content} is any JSON value, passed through. */
  record Publish(String channel, Object content, Object ref) implements ClientFrame {}

  /** {@code ping}: answered with {@code pong}. */
  record Ping(Object ref) implements ClientFrame {}

  /** {@code auth {token}}: the first frame of a socket without a token, or a credential refresh. */
  record Auth(String token, Object ref) implements ClientFrame {}

  /** {@code presence {channel}}: the current users of a channel, to this client only. */
  record PresenceQuery(String channel, Object ref) implements ClientFrame {}

  /**
   * {@code history {channel, limit?, since?, reverse?}}: the channel's kept publications, to this
   * client only. Without {@code since}: the latest {@code limit}, oldest first (newest first when
   * {@code reverse}). With it: up to {@code limit} after it, oldest first (with {@code reverse}: up to
   * {@code limit} before it, newest first).
   */
  record HistoryQuery(String channel, int limit, StreamPosition since, boolean reverse, Object ref)
      implements ClientFrame {}

  /**
   * {@code rpc {method, data?, ref}}: a call to the backend that serves {@code method}, answered to
   * this client only with {@code rpc {ref, data}} or an {@code error} with the same ref.
   */
  record Rpc(String method, Object data, Object ref) implements ClientFrame {}

  /** A position in a channel's stream: the epoch of its history and an offset in it. */
  record StreamPosition(String epoch, long offset) {}
}
