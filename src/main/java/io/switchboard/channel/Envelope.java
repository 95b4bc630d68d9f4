package io.switchboard.channel;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * What one node sends another's {@link NodeMailbox}: one wire frame for the local subscribers of a
 * channel, or for the local sessions of a user; or, as a request, word that an interest key's nodes
 * changed ({@link Kind#INVALIDATE}, the name being the key, no frame). Encoded as a kind byte, the name's length (4 bytes)
 * and UTF-8 bytes, then the frame's bytes as they go to the sockets: the frame is encoded once per
 * publication, whatever the number of nodes.
 */
record Envelope(Kind kind, String name, Buffer frame) {
  /** What a name names. */
  enum Kind {
    CHANNEL('c'), USER('u'), INVALIDATE('i');

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

  Buffer encode() {
    byte[] name = this.name.getBytes(StandardCharsets.UTF_8);
    return Buffer.buffer(5 + name.length + frame.length())
        .appendByte(kind.tag).appendInt(name.length).appendBytes(name).appendBuffer(frame);
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
    return new Envelope(Kind.of(bytes.getByte(0)), name, bytes.slice(5 + nameLength, bytes.length()));
  }
}
