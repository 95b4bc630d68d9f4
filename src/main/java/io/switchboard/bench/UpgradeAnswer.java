package io.switchboard.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A server's answer to one WebSocket upgrade request, read as its bytes arrive: the status line and,
 * after a 101, the server's frames up to its close frame (data frames are skipped as they stream
 * by, so at most {@link #MAX_HELD} bytes are ever held). The {@code storm} client feeds one per
 * connection on its event loop and counts how each ended ({@link #outcome}). Not thread-safe.
 */
public final class UpgradeAnswer {

  /** Close code for a close frame that carried none (RFC 6455 §7.1.5). */
  public static final int NO_STATUS = 1005;
  /** Close code for a connection that ended without a close frame (RFC 6455 §7.1.5). */
  public static final int ABNORMAL = 1006;
  /** Most bytes held: a longer status line or header block is counted as unreadable. */
  static final int MAX_HELD = 16 * 1024;

  private static final int OPCODE_CLOSE = 0x8;
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

  private byte[] held = new byte[256];
  private int length;
  private long skip;
  /** -1 while no status line was read; 0 for one that is not HTTP. */
  private int status = -1;
  private boolean headersRead;
  private int closeCode = -1;
  private boolean complete;

  /**
   * Reads the next bytes of the answer.
   *
   * @return true once the answer is complete: a status other than 101, a close frame after a 101,
   *     or something unreadable; later bytes are ignored
   */
  public boolean feed(byte[] bytes) {
    if (complete) {
      return true;
    }
    int from = (int) Math.min(skip, bytes.length);
    skip -= from;
    int n = bytes.length - from;
    if (length + n > held.length) {
      held = Arrays.copyOf(held, Math.max(length + n, 2 * held.length));
    }
    System.arraycopy(bytes, from, held, length, n);
    length += n;
    parse();
    if (!complete && length > MAX_HELD) {
      if (status < 0) {
        status = 0;
      }
      complete = true;
    }
    return complete;
  }

  /** The connection ended: a 101 not followed by a close frame ends as {@link #ABNORMAL}. */
  public void end() {
    if (!complete && status == 101 && closeCode < 0) {
      closeCode = ABNORMAL;
    }
    complete = true;
  }

  /** The HTTP status: -1 before the status line, 0 when it was not an HTTP status line. */
  public int status() {
    return status;
  }

  /** The close code after a 101 ({@link #NO_STATUS}, {@link #ABNORMAL}), or -1 when none was read. */
  public int closeCode() {
    return closeCode;
  }

  /** True once the answer is complete (see {@link #feed}) or the connection ended. */
  public boolean complete() {
    return complete;
  }

  /**
   * The names this answer counts under: {@code status_<code>} (or {@code timeout}, {@code no_answer}
   * when the connection gave no status line in time or closed first, {@code status_unreadable} for
   * one that is not HTTP), and after a 101 also {@code close_<code>} (or {@code close_timeout}).
   *
   * @param timedOut whether the wait for the answer ran out
   */
  public List<String> outcome(boolean timedOut) {
    if (status < 0) {
      return List.of(timedOut ? "timeout" : "no_answer");
    }
    if (status == 0) {
      return List.of("status_unreadable");
    }
    String s = "status_" + status;
    if (status != 101) {
      return List.of(s);
    }
    if (closeCode >= 0) {
      return List.of(s, "close_" + closeCode);
    }
    return List.of(s, timedOut ? "close_timeout" : "close_" + ABNORMAL);
  }

  private void parse() {
    if (status < 0) {
      int eol = indexOf(CRLF);
      if (eol < 0) {
        return;
      }
      status = parseStatus(new String(held, 0, eol, StandardCharsets.ISO_8859_1));
      if (status != 101) {
        complete = true;
        return;
      }
    }
    if (!headersRead) {
      int end = indexOf(CRLF_CRLF);
      if (end < 0) {
        return;
      }
      consume(end + CRLF_CRLF.length);
      headersRead = true;
    }
    while (!complete && length >= 2) {
      int opcode = held[0] & 0x0F;
      boolean masked = (held[1] & 0x80) != 0;
      long payload = held[1] & 0x7F;
      int header = 2;
      if (payload == 126) {
        if (length < 4) {
          return;
        }
        payload = ((held[2] & 0xFFL) << 8) | (held[3] & 0xFFL);
        header = 4;
      } else if (payload == 127) {
        if (length < 10) {
          return;
        }
        payload = 0;
        for (int i = 2; i < 10; i++) {
          payload = (payload << 8) | (held[i] & 0xFFL);
        }
        header = 10;
      }
      int mask = header;
      if (masked) {
        header += 4;
      }
      if (opcode == OPCODE_CLOSE) {
        if (length < header + Math.min(payload, 2)) {
          return;
        }
        closeCode = payload < 2 ? NO_STATUS : closeCodeAt(header, masked ? mask : -1);
        complete = true;
        return;
      }
      long frame = header + payload;
      if (frame <= length) {
        consume((int) frame);
      } else {
        skip = frame - length;
        length = 0;
      }
    }
  }

  private int closeCodeAt(int at, int mask) {
    int b0 = held[at] & 0xFF;
    int b1 = held[at + 1] & 0xFF;
    if (mask >= 0) {
      b0 ^= held[mask] & 0xFF;
      b1 ^= held[mask + 1] & 0xFF;
    }
    return (b0 << 8) | b1;
  }

  /** The status code of an HTTP status line ({@code HTTP/1.1 429 Too Many Requests}), 0 if it is none. */
  static int parseStatus(String line) {
    String[] parts = line.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[1-5]\\d\\d")) {
      return 0;
    }
    return Integer.parseInt(parts[1]);
  }

  private int indexOf(byte[] what) {
    outer:
    for (int i = 0; i + what.length <= length; i++) {
      for (int k = 0; k < what.length; k++) {
        if (held[i + k] != what[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private void consume(int n) {
    System.arraycopy(held, n, held, 0, length - n);
    length -= n;
  }
}
