package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * The WebSocket framing of the payload one event loop is fanning out. A server's text frame is not
 * masked, so it is the same bytes for every subscriber: it is built once, in direct memory, and
 * each socket is handed a duplicate of it (no allocation of a frame header, no copy and no frame
 * encoder per subscriber). The loop writes one payload to all its subscribers before the next, so
 * remembering the last payload is enough. Used on its loop only.
 */
final class FrameCache {
  private static final int FIN_TEXT = 0x81;

  private Buffer payload;
  private ByteBuf frame;

  /**
   * @return a retained duplicate of the complete frame for {@code textPayload}; the caller's write
   *     releases it
   */
  ByteBuf frameFor(Buffer textPayload, ByteBufAllocator alloc) {
    if (textPayload != payload) {
      clear();
      frame = encode(((BufferInternal) textPayload).getByteBuf(), alloc);
      payload = textPayload;
    }
    return frame.retainedDuplicate();
  }

  /** Lets go of the last frame. */
  void clear() {
    if (frame != null) {
      frame.release();
      frame = null;
      payload = null;
    }
  }

  /** RFC 6455 §5.2: FIN + text opcode, no mask, the payload length in 7, 16 or 64 bits. */
  static ByteBuf encode(ByteBuf payload, ByteBufAllocator alloc) {
    int length = payload.readableBytes();
    int header = length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
    ByteBuf out = alloc.directBuffer(header + length);
    out.writeByte(FIN_TEXT);
    if (length <= 125) {
      out.writeByte(length);
    } else if (length <= 0xFFFF) {
      out.writeByte(126);
      out.writeShort(length);
    } else {
      out.writeByte(127);
      out.writeLong(length);
    }
    out.writeBytes(payload, payload.readerIndex(), length);
    return out;
  }
}
