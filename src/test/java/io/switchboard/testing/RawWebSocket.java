package io.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written from RFC 6455 on a plain socket, for hostile tests: it sends whatever
 * bytes a test asks for (unmasked frames, reserved opcodes and bits, lengths that lie, broken
 * handshakes), which a WebSocket library refuses to do, and reads the server's answer byte by byte.
 */
public final class RawWebSocket implements AutoCloseable {
  public static final int CONTINUATION = 0x0;
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;
  /** A syntactically valid Sec-WebSocket-Key (16 bytes, base64). */
  public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;

  /** The head of an HTTP response. */
  public record Response(int status, Map<String, String> headers, String head) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** One frame from the server. */
  public record Frame(boolean fin, int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The close code of a close frame, or -1 without one. */
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
    }

    public String closeReason() {
      return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    }
  }

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(socket.getInputStream());
  }

  /** A TCP connection to the node on loopback, from {@code source} (any 127.0.0.0/8 address) when not null. */
  public static RawWebSocket open(int port, String source) throws IOException {
    Socket s = new Socket();
    if (source != null) {
      s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
    }
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    s.setSoTimeout(10_000);
    s.setTcpNoDelay(true);
    return new RawWebSocket(s);
  }

  /** Opens a connection and performs a valid version-13 handshake for {@code pathAndQuery}. */
  public static RawWebSocket upgrade(int port, String source, String pathAndQuery) throws IOException {
    RawWebSocket ws = open(port, source);
    Response r = ws.request(handshake(pathAndQuery, Map.of()));
    if (r.status() != 101) {
      ws.close();
      throw new IOException("expected 101, got " + r.head());
    }
    return ws;
  }

  /** The text of a version-13 opening handshake, with extra (or replaced, or, with a null value, removed) headers. */
  public static String handshake(String pathAndQuery, Map<String, String> extra) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", "127.0.0.1");
    headers.put("Upgrade", "websocket");
    headers.put("Connection", "Upgrade");
    headers.put("Sec-WebSocket-Key", KEY);
    headers.put("Sec-WebSocket-Version", "13");
    headers.putAll(extra);
    StringBuilder text = new StringBuilder("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n");
    headers.forEach((k, v) -> {
      if (v != null) {
        text.append(k).append(": ").append(v).append("\r\n");
      }
    });
    return text.append("\r\n").toString();
  }

  public Socket socket() {
    return socket;
  }

  /** Sends raw bytes. */
  public RawWebSocket send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Sends an HTTP request and reads the head of its response. */
  public Response request(String text) throws IOException {
    send(text.getBytes(StandardCharsets.ISO_8859_1));
    return readResponse();
  }

  /** Reads the head of an HTTP response (through the blank line). */
  public Response readResponse() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed after: " + head.toString(StandardCharsets.ISO_8859_1));
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, text);
  }

  /** Sends one masked frame. */
  public RawWebSocket frame(boolean fin, int opcode, byte[] payload) throws IOException {
    return send(encode(fin, 0, opcode, payload, true));
  }

  public RawWebSocket text(String text) throws IOException {
    return frame(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A close frame with {@code code} (and no reason). */
  public RawWebSocket closeWith(int code) throws IOException {
    return frame(true, CLOSE, new byte[] {(byte) (code >> 8), (byte) code});
  }

  /** The bytes of one frame: any RSV bits, any opcode, masked or not. */
  public static byte[] encode(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | (opcode & 0xF));
    writeLength(frame, payload.length, masked);
    byte[] mask = new byte[4];
    if (masked) {
      ThreadLocalRandom.current().nextBytes(mask);
      frame.writeBytes(mask);
    }
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i & 3]);
    }
    return frame.toByteArray();
  }

  /** The header of a masked frame announcing {@code length} bytes (to send a payload in pieces, or never). */
  public static byte[] header(boolean fin, int opcode, long length, byte[] mask) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(14);
    frame.write((fin ? 0x80 : 0) | (opcode & 0xF));
    writeLength(frame, length, true);
    frame.writeBytes(mask);
    return frame.toByteArray();
  }

  private static void writeLength(ByteArrayOutputStream frame, long length, boolean masked) {
    int maskBit = masked ? 0x80 : 0;
    if (length < 126) {
      frame.write(maskBit | (int) length);
    } else if (length < 65_536) {
      frame.write(maskBit | 126);
      frame.write((int) (length >> 8));
      frame.write((int) length);
    } else {
      frame.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) (length >> shift));
      }
    }
  }

  /** Reads one frame from the server; throws EOFException when the connection ends. */
  public Frame readFrame() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long length = b1 & 0x7F;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    if ((b1 & 0x80) != 0) {
      throw new IOException("the server sent a masked frame");
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new Frame((b0 & 0x80) != 0, b0 & 0xF, payload);
  }

  /** Reads frames until a close frame (returned), or null when the connection ends without one. */
  public Frame readUntilClose() throws IOException {
    try {
      while (true) {
        Frame f = readFrame();
        if (f.opcode() == CLOSE) {
          return f;
        }
      }
    } catch (EOFException | SocketException e) {
      return null;
    }
  }

  /**
   * Whether the server ends the connection within the socket's read timeout: reads (and
   * discards) until end of stream or a reset.
   */
  public boolean endsWithinTimeout() throws IOException {
    InputStream raw = socket.getInputStream();
    byte[] sink = new byte[8192];
    try {
      while (raw.read(sink) >= 0) {
        // discard
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset
    }
  }

  public RawWebSocket timeout(int millis) throws SocketException {
    socket.setSoTimeout(millis);
    return this;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
