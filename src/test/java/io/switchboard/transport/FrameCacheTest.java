package io.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class FrameCacheTest {
  private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(true);

  @Test
  void theHeaderCarriesTheLengthIn7Or16Or64Bits() {
    assertHeader(0, new int[] {0x81, 0});
    assertHeader(125, new int[] {0x81, 125});
    assertHeader(126, new int[] {0x81, 126, 0, 126});
    assertHeader(65_535, new int[] {0x81, 126, 0xFF, 0xFF});
    assertHeader(65_536, new int[] {0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0});
  }

  @Test
  void onePayloadIsFramedOnceAndEachSocketGetsItsOwnView() {
    FrameCache cache = new FrameCache();
    Buffer payload = Buffer.buffer("{\"type\":\"message\"}");
    ByteBuf first = cache.frameFor(payload, ALLOC);
    ByteBuf second = cache.frameFor(payload, ALLOC);
    assertEquals(first.unwrap(), second.unwrap(), "the same bytes underneath");
    first.readByte(); // one socket's write moves its own view only
    assertEquals(0x81, second.getUnsignedByte(second.readerIndex()));
    ByteBuf shared = first.unwrap();
    assertEquals(3, shared.refCnt(), "the cache's reference and one per write");
    first.release();
    second.release();
    ByteBuf next = cache.frameFor(Buffer.buffer("other"), ALLOC);
    assertEquals(0, shared.refCnt(), "the previous frame is let go once written and replaced");
    next.release();
    cache.clear();
    assertEquals(0, next.unwrap().refCnt());
  }

  private static void assertHeader(int length, int[] header) {
    ByteBuf frame = FrameCache.encode(io.netty.buffer.Unpooled.wrappedBuffer(new byte[length]), ALLOC);
    try {
      assertEquals(header.length + length, frame.readableBytes());
      for (int i = 0; i < header.length; i++) {
        assertEquals(header[i], frame.getUnsignedByte(i), "byte " + i + " of the header for " + length);
      }
    } finally {
      frame.release();
    }
  }
}
