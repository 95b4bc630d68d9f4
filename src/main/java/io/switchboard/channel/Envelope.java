package io.switchboard.channel;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * What one node sends another's {@link NodeMailbox}: one wire frame for the local subscribers of a
 * channel, or for the local sessions of a user; or, as a request, word that an interest key's nodes
 * changed ({@link Kind#INVALIDATE}, the name being the key, no frame). Encoded as a kind byte, the name's length (4 bytes)
 * and UTF-8 bytes, for a {@link Kind#PRESENCE} announcement its version (8 bytes), then the frame's
 * bytes as they go to the sockets: the frame is encoded once per publication, whatever the number
 * of nodes.
 *
 * @param version the presence version of a {@link Kind#PRESENCE} announcement ({@link
 *     io.switchboard.presence.PresenceSnapshot}), 0 for every other kind
 */
record Envelope(Kind kind, String name, Buffer frame, long version) {
  /** What a name names. */
  enum Kind {
    /** A frame for a channel's subscribers. */
    CHANNEL('c'),
    /** A channel's presence list, read at {@link #version}: delivered unless a later one was. */
    PRESENCE('p'),
    USER('u'),
    INVALIDATE('i');

    final byte tag;

    Kind(char tag) {
      this.tag = (byte) tag;
    }

    static Kind of(byte tag) {
      for (Kind k : values()) {
        if (k.tag == tag) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown envelope kind " + tag);
    }
  }

  Envelope(Kind kind, String name, Buffer frame) {
    this(kind, name, frame, 0);
  }

  /** Whether it carries a frame for a channel's subscribers (a publication or a presence list). */
  boolean forChannel() {
    return kind == Kind.CHANNEL || kind == Kind.PRESENCE;
  }

  Buffer encode() {
    byte[] name = this.name.getBytes(StandardCharsets.UTF_8);
    Buffer out = Buffer.buffer(13 + name.length + frame.length())
        .appendByte(kind.tag).appendInt(name.length).appendBytes(name);
    if (kind == Kind.PRESENCE) {
      out.appendLong(version);
    }
    return out.appendBuffer(frame);
  }

  /** @throws IllegalArgumentException when {@code bytes} is not an envelope */
  static Envelope decode(Buffer bytes) {
    if (bytes.length() < 5) {
      throw new IllegalArgumentException("envelope too short");
    }
    int nameLength = bytes.getInt(1);
    if (nameLength < 0 || 5 + nameLength > bytes.length()) {
      throw new IllegalArgumentException("envelope name length " + nameLength);
    }
    String name = bytes.getString(5, 5 + nameLength, "UTF-8");
    Kind kind = Kind.of(bytes.getByte(0));
    int frameStart = 5 + nameLength;
    long version = 0;
    if (kind == Kind.PRESENCE) {
      if (frameStart + 8 > bytes.length()) {
        throw new IllegalArgumentException("presence envelope without its version");
      }
      version = bytes.getLong(frameStart);
      frameStart += 8;
    }
    return new Envelope(kind, name, bytes.slice(frameStart, bytes.length()), version);
  }
}
