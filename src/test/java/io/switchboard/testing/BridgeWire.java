package io.switchboard.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A TCP event-bus bridge client written from the wire format alone (a 4-byte big-endian length,
 * then that many bytes of UTF-8 JSON), with nothing of Vert.x: what a Python or Go service sees.
 * Frames are written and read as JSON text.
 */
public final class BridgeWire implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  private BridgeWire(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = new DataOutputStream(socket.getOutputStream());
  }

  public static BridgeWire open(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    return over(s);
  }

  /** Over a socket already connected (a TLS one, say). */
  public static BridgeWire over(Socket s) throws IOException {
    s.setSoTimeout(10_000);
    return new BridgeWire(s);
  }

  /** Writes one frame: the JSON text's length, then the text. */
  public BridgeWire write(String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Writes raw bytes, e.g. a length prefix alone. */
  public BridgeWire writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** The next frame's JSON text; fails after 10 s without one. */
  public String read() throws IOException {
    int length = in.readInt();
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The next frame, or empty when none arrives within {@code millis}. */
  public Optional<String> poll(int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      return Optional.of(read());
    } catch (SocketTimeoutException e) {
      return Optional.empty();
    } finally {
      socket.setSoTimeout(10_000);
    }
  }

  /** Whether the peer closed the connection (reads and drops what is left). */
  public boolean closedByPeer() throws IOException {
    try {
      while (true) {
        read();
      }
    } catch (EOFException e) {
      return true;
    } catch (IOException e) {
      return e.getMessage() != null && e.getMessage().contains("reset");
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
