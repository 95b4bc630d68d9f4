package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpgradeAnswerTest {

  private static final String SWITCHING = "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\n"
      + "connection: upgrade\r\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** An unmasked server frame. */
  private static byte[] frame(int opcode, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x80 | opcode);
    if (payload.length < 126) {
      out.write(payload.length);
    } else if (payload.length <= 0xFFFF) {
      out.write(126);
      out.write(payload.length >>> 8);
      out.write(payload.length & 0xFF);
    } else {
      out.write(127);
      for (int i = 7; i >= 0; i--) {
        out.write((int) ((long) payload.length >>> (8 * i)) & 0xFF);
      }
    }
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static byte[] close(int code, String reason) {
    byte[] r = ascii(reason);
    byte[] p = new byte[2 + r.length];
    p[0] = (byte) (code >>> 8);
    p[1] = (byte) code;
    System.arraycopy(r, 0, p, 2, r.length);
    return frame(0x8, p);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void switchingThenCloseInOneRead() {
    UpgradeAnswer a = new UpgradeAnswer();
    assertTrue(a.feed(concat(ascii(SWITCHING), close(4001, "Unauthorized"))));
    assertEquals(101, a.status());
    assertEquals(4001, a.closeCode());
    assertEquals(List.of("status_101", "close_4001"), a.outcome(false));
  }

  @Test
  void byteByByteCompleteOnceTheCloseCodeIsIn() {
    UpgradeAnswer a = new UpgradeAnswer();
    byte[] all = concat(ascii(SWITCHING), close(4001, "Unauthorized"));
    int codeEnd = ascii(SWITCHING).length + 3; // frame header (2 bytes), then the code (2 bytes)
    for (int i = 0; i < codeEnd; i++) {
      assertFalse(a.feed(new byte[] {all[i]}), "complete early at byte " + i);
    }
    assertTrue(a.feed(new byte[] {all[codeEnd]}));
    assertEquals(4001, a.closeCode());
  }

  @Test
  void refusalIsCompleteAtItsStatusLine() {
    UpgradeAnswer a = new UpgradeAnswer();
    assertFalse(a.feed(ascii("HTTP/1.1 429 Too Many")));
    assertTrue(a.feed(ascii(" Requests\r\ncontent-length: 0\r\n")));
    assertEquals(429, a.status());
    assertEquals(List.of("status_429"), a.outcome(false));
    assertTrue(a.feed(ascii("more")));
  }

  @Test
  void dataFramesBeforeTheCloseAreSkippedWhateverTheirSize() {
    byte[] big = new byte[70_000];
    byte[] all = concat(ascii(SWITCHING), frame(0x1, ascii("{\"type\":\"error\"}")), frame(0x1, new byte[300]),
        frame(0x2, big), frame(0x9, new byte[0]), close(4001, ""));
    UpgradeAnswer a = new UpgradeAnswer();
    boolean done = false;
    for (int i = 0; i < all.length; i += 1000) {
      byte[] chunk = java.util.Arrays.copyOfRange(all, i, Math.min(all.length, i + 1000));
      done = a.feed(chunk);
    }
    assertTrue(done);
    assertEquals(4001, a.closeCode());
  }

  @Test
  void closeFrameWithoutCodeAndMaskedClose() {
    UpgradeAnswer a = new UpgradeAnswer();
    assertTrue(a.feed(concat(ascii(SWITCHING), frame(0x8, new byte[0]))));
    assertEquals(List.of("status_101", "close_1005"), a.outcome(false));

    byte[] masked = {(byte) 0x88, (byte) 0x82, 1, 2, 3, 4, (byte) (0x0F ^ 1), (byte) (0xA1 ^ 2)};
    UpgradeAnswer b = new UpgradeAnswer();
    assertTrue(b.feed(concat(ascii(SWITCHING), masked)));
    assertEquals(4001, b.closeCode());
  }

  @Test
  void endingsAndTimeouts() {
    UpgradeAnswer none = new UpgradeAnswer();
    assertEquals(List.of("timeout"), none.outcome(true));
    none.end();
    assertEquals(List.of("no_answer"), none.outcome(false));

    UpgradeAnswer cut = new UpgradeAnswer();
    assertFalse(cut.feed(ascii(SWITCHING)));
    assertEquals(List.of("status_101", "close_timeout"), cut.outcome(true));
    cut.end();
    assertEquals(List.of("status_101", "close_1006"), cut.outcome(false));
  }

  @Test
  void unreadableAnswers() {
    UpgradeAnswer junk = new UpgradeAnswer();
    assertTrue(junk.feed(ascii("SSH-2.0-OpenSSH\r\n")));
    assertEquals(List.of("status_unreadable"), junk.outcome(false));

    UpgradeAnswer endless = new UpgradeAnswer();
    assertFalse(endless.feed(ascii("HTTP/1.1 101 Switching Protocols\r\n")));
    assertTrue(endless.feed(new byte[UpgradeAnswer.MAX_HELD + 1]));
    assertEquals(List.of("status_101", "close_timeout"), endless.outcome(true));

    assertEquals(503, UpgradeAnswer.parseStatus("HTTP/1.0 503"));
    assertEquals(0, UpgradeAnswer.parseStatus("HTTP/1.1 99 x"));
  }
}
