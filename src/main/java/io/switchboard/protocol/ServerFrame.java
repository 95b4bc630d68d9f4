package io.switchboard.protocol;

import io.switchboard.protocol.ClientFrame.StreamPosition;
import java.util.List;

/**
 * A frame the server sends. Fields that are null are left out on the wire, so that a seed client
 * sees exactly the seed's shapes.
 */
public sealed interface ServerFrame {
  /**
   * Reply to {@code subscribe}. {@code recovered} is null unless the client asked to resume;
   * {@code position} is null unless the channel keeps history: then it is where the subscription's
   * deliveries start after (recovered publications counted), and the frame says
   * {@code recoverable: true}.
   */
  record Subscribed(String channel, Boolean recovered, StreamPosition position, Object ref) implements ServerFrame {
    /** A reply on a channel without history. */
    public Subscribed(String channel, Boolean recovered, Object ref) {
      this(channel, recovered, null, ref);
    }
  }

  /** Reply to {@code unsubscribe}. */
  record Unsubscribed(String channel, Object ref) implements ServerFrame {}

  /**
   * One publication delivered to a subscriber. {@code sender} is the publisher's authenticated id;
   * {@code offset} and {@code epoch} are its place in the channel's stream, null on channels
   * without history.
   */
  record Message(String channel, Object content, String sender, Long offset, String epoch) implements ServerFrame {
    /** A publication on a channel without history. */
    public Message(String channel, Object content, String sender) {
      this(channel, content, sender, null, null);
    }
  }

  /** The backend's answer to an {@code rpc}: {@code data} is whatever it replied. */
  record RpcResult(Object ref, Object data) implements ServerFrame {}

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

  /**
   * Acknowledges a {@code message} that carried a {@code ref} (with the publication's place when the
   * channel keeps history: it is stored by then), or a successful {@code auth}.
   */
  record Ack(Object ref, String user, StreamPosition position) implements ServerFrame {
    public Ack(Object ref, String user) {
      this(ref, user, null);
    }
  }

  /**
   * Reply to {@code history}: publications in the order asked for, and the stream's position.
   * {@code complete} (only with {@code since}) says whether nothing after {@code since} was lost.
   */
  record History(String channel, List<Publication> publications, StreamPosition position, Boolean complete,
      Object ref) implements ServerFrame {
    public History {
      publications = List.copyOf(publications);
    }
  }

  /** One publication in a {@link History} reply; {@code content} is the published JSON value. */
  record Publication(long offset, Object content, String sender) {}

  /**
   * The subscription has ended because its live stream can no longer be repaired; the client
   * subscribes again with {@code since} its last received position (a resume, not a reload).
   */
  record Resubscribe(String channel, StreamBreak reason) implements ServerFrame {}

  /** Something the client sent could not be served; the connection stays open. */
  record Error(ErrorCode code, String message, String channel, Object ref) implements ServerFrame {}
}
