package io.switchboard.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Minimal RFC 6455 client-side encoding for raw sockets: those of the churn scenario closed
 * abruptly, without a close frame, and the storm's handshakes ({@link HandshakeStorm}): the upgrade
 * request and masked text frames.
 */
public final class WsFrames {

  private WsFrames() {}

  /** The HTTP/1.1 upgrade request. */
  public static String upgradeRequest(String host, int port, String requestUri) {
    return "GET " + requestUri + " HTTP/1.1\r\n"
        + "Host: " + host + ":" + port + "\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n";
  }

  /** A single final masked text frame carrying {@code text}. */
  public static byte[] maskedText(String text, Random random) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    int len = payload.length;
    int header = len < 126 ? 2 : len <= 0xFFFF ? 4 : 10;
    byte[] out = new byte[header + 4 + len];
    out[0] = (byte) 0x81; // FIN + text
    if (len < 126) {
      out[1] = (byte) (0x80 | len);
    } else if (len <= 0xFFFF) {
      out[1] = (byte) (0x80 | 126);
      out[2] = (byte) (len >>> 8);
      out[3] = (byte) len;
    } else {
      out[1] = (byte) (0x80 | 127);
      for (int i = 0; i < 8; i++) {
        out[2 + i] = (byte) ((long) len >>> (56 - 8 * i));
      }
    }
    byte[] mask = new byte[4];
    random.nextBytes(mask);
    System.arraycopy(mask, 0, out, header, 4);
    for (int i = 0; i < len; i++) {
      out[header + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
    }
    return out;
  }

  /** Decodes a masked frame's payload (for tests): inverse of {@link #maskedText}. */
  public static String unmaskText(byte[] frame) {
    int len = frame[1] & 0x7F;
    int pos = 2;
    if (len == 126) {
      len = ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF);
      pos = 4;
    } else if (len == 127) {
      long l = 0;
      for (int i = 0; i < 8; i++) {
        l = (l << 8) | (frame[2 + i] & 0xFF);
      }
      len = (int) l;
      pos = 10;
    }
    byte[] mask = {frame[pos], frame[pos + 1], frame[pos + 2], frame[pos + 3]};
    pos += 4;
    byte[] p = new byte[len];
    for (int i = 0; i < len; i++) {
      p[i] = (byte) (frame[pos + i] ^ mask[i & 3]);
    }
    return new String(p, StandardCharsets.UTF_8);
  }
}
