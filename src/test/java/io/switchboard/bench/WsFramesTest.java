package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WsFramesTest {

  @Test
  void maskedTextRoundTripsForAllLengthForms() {
    Random r = new Random(1);
    for (int len : new int[] {0, 5, 125, 126, 1000, 65535, 70000}) {
      String text = "x".repeat(len);
      byte[] f = WsFrames.maskedText(text, r);
      assertEquals((byte) 0x81, f[0]);
      assertTrue((f[1] & 0x80) != 0, "client frames are masked");
      assertEquals(text, WsFrames.unmaskText(f));
    }
  }

  @Test
  void upgradeRequest() {
    String req = WsFrames.upgradeRequest("127.0.0.1", 8080, "/ws?token=t");
    assertTrue(req.startsWith("GET /ws?token=t HTTP/1.1\r\n"));
    assertTrue(req.endsWith("\r\n\r\n"));
  }
}
