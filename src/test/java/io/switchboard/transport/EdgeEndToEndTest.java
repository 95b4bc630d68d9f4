package io.switchboard.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RunningNode;
import io.switchboard.testing.TestClient;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The edge of the listener, byte by byte: plain HTTP next to the WebSocket path, malformed
 * upgrades and non-HTTP bytes, the closing handshake in both directions, and the connections that
 * never upgrade. Whatever a peer does, the node answers or closes, and holds nothing afterwards.
 */
class EdgeEndToEndTest {
  @RegisterExtension
  static final RunningNode node = new RunningNode("auth.timeout=700ms", "http.requestTimeout=700ms");

  @AfterEach
  void nothingHeld() {
    await().atMost(Duration.ofSeconds(10)).until(() -> node.stats().getLong("sessions") == 0);
  }

  @Test
  void connectionsAreSpreadOverTheEventLoops() {
    List<TestClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        clients.add(TestClient.connect(node.client(), node.port(), node.token("spread-" + i)));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> node.stats().getLong("sessions") == 8);
      // the test node serves with two loops; each connection runs on the loop it was handed to
      assertEquals(new JsonArray().add(4).add(4), node.stats().getJsonArray("sessionsPerLoop"));
    } finally {
      clients.forEach(TestClient::close);
    }
  }

  @Test
  void plainRequestsShareOneKeptAliveConnection() throws IOException {
    try (Socket s = raw()) {
      String get = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";
      s.getOutputStream().write((get + get).getBytes(StandardCharsets.US_ASCII));
      String both = readAtLeast(s, 2, "\"live\":true");
      assertTrue(both.startsWith("HTTP/1.1 200"), both);
      s.getOutputStream().write("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertTrue(readAtLeast(s, 1, "HTTP/1.1 405").contains("405"));
    }
  }

  @Test
  void aMalformedUpgradeGets400AndOthersAreServed() throws IOException {
    try (Socket s = raw()) {
      s.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String reply = readToEnd(s);
      assertTrue(reply.startsWith("HTTP/1.1 400"), reply);
    }
    try (Socket s = raw()) {
      s.getOutputStream().write("\u0016\u0003\u0001 not http at all\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      String reply = readToEnd(s);
      assertTrue(reply.isEmpty() || reply.startsWith("HTTP/1.1 400"), reply);
    }
    try (TestClient fine = TestClient.connect(node.client(), node.port(), node.token("fine"))) {
      fine.subscribe("after-garbage");
    }
  }

  @Test
  void aRequestThatNeverCompletesGets408AtTheDeadline() throws IOException {
    try (Socket s = raw()) {
      s.getOutputStream().write("GET /ws HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      String reply = readToEnd(s);
      assertTrue(reply.startsWith("HTTP/1.1 408"), reply);
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAtTheDeadline() throws IOException {
    try (Socket s = raw()) {
      long start = System.nanoTime();
      assertEquals("", readToEnd(s));
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    }
  }

  @Test
  void pingsArePongedAndAClientCloseIsEchoed() {
    TestClient c = TestClient.connect(node.client(), node.port(), node.token("pinger"));
    Promise<Buffer> pong = Promise.promise();
    c.socket().pongHandler(pong::tryComplete);
    c.socket().writePing(Buffer.buffer("are you there"));
    assertEquals("are you there", TestClient.await(pong.future()).toString());
    c.socket().close((short) 1000, "bye");
    TestClient.Closed closed = c.awaitClose();
    assertEquals((short) 1000, closed.code());
  }

  @Test
  void aPeerThatNeverAnswersTheCloseFrameIsDisconnected() throws IOException {
    try (Socket s = raw()) {
      s.getOutputStream().write(("GET /ws?token=not-a-jwt HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: MDEyMzQ1Njc4OWFiY2RlZg==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      s.setSoTimeout((int) (WebSocketConnection.CLOSE_TIMEOUT_MS + 5_000));
      byte[] all = s.getInputStream().readAllBytes();
      String text = new String(all, StandardCharsets.ISO_8859_1);
      assertTrue(text.startsWith("HTTP/1.1 101"), text);
      int frame = text.indexOf("\r\n\r\n") + 4;
      assertEquals(0x88, all[frame] & 0xFF, "a close frame");
      assertEquals(4001, ((all[frame + 2] & 0xFF) << 8) | (all[frame + 3] & 0xFF));
    }
  }

  private static Socket raw() throws IOException {
    Socket s = new Socket("127.0.0.1", node.port());
    s.setSoTimeout(10_000);
    return s;
  }

  /** Reads until {@code marker} has been seen {@code times} times. */
  private static String readAtLeast(Socket s, int times, String marker) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    while (count(out.toString(StandardCharsets.ISO_8859_1), marker) < times) {
      int n = in.read(chunk);
      if (n < 0) {
        break;
      }
      out.write(chunk, 0, n);
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  private static String readToEnd(Socket s) throws IOException {
    try {
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open", e);
    }
  }

  private static int count(String text, String marker) {
    int n = 0;
    for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) {
      n++;
    }
    return n;
  }
}
