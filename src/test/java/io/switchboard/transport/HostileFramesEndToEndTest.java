package io.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.RunningNode;
import io.switchboard.testing.UnderAttack;
import io.switchboard.testing.TestClient;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile frames against a real node with its default limits, from a raw RFC 6455 client: control
 * frame floods with and without a token, invalid UTF-8, forbidden close codes, frames that break
 * the protocol, oversized and endlessly fragmented messages. Each gets its exact close code; a
 * bystander on the node keeps being served, nothing is held afterwards and nothing is logged.
 */
class HostileFramesEndToEndTest {
  @RegisterExtension
  static final RunningNode node = new RunningNode("auth.timeout=2s");

  @RegisterExtension
  final UnderAttack attack = new UnderAttack(node);

  private RawWebSocket authenticated(String user) throws IOException {
    return RawWebSocket.upgrade(node.port(), null, "/ws?token=" + node.token(user));
  }

  @Test
  void anUnauthenticatedPingFloodIsCutAtItsAllowance() throws IOException {
    try (RawWebSocket raw = RawWebSocket.upgrade(node.port(), null, "/ws")) {
      byte[] ping = RawWebSocket.encode(true, 0, RawWebSocket.PING, new byte[125], true);
      byte[] hundred = new byte[ping.length * 100];
      for (int i = 0; i < 100; i++) {
        System.arraycopy(ping, 0, hundred, i * ping.length, ping.length);
      }
      raw.send(hundred); // 13 kB, over the 8 kB allowance
      int pongs = 0;
      RawWebSocket.Frame f;
      while ((f = raw.readFrame()).opcode() == RawWebSocket.PONG) {
        pongs++;
      }
      assertEquals(RawWebSocket.CLOSE, f.opcode());
      assertEquals(4001, f.closeCode());
      assertEquals("Too much data before authentication", f.closeReason());
      assertTrue(pongs <= 8192 / 131 + 1, pongs + " pongs");
    }
  }

  @Test
  void anAuthenticatedPingFloodIsRateLimitedThenClosed() throws IOException {
    try (RawWebSocket raw = authenticated("pinger")) {
      byte[] ping = RawWebSocket.encode(true, 0, RawWebSocket.PING, new byte[125], true);
      for (int i = 0; i < 400; i++) {
        raw.send(ping);
      }
      int pongs = 0;
      RawWebSocket.Frame f;
      while ((f = raw.readFrame()).opcode() == RawWebSocket.PONG) {
        pongs++;
      }
      assertEquals(4029, f.closeCode());
      // the burst (100) and what the rate (50/s) refilled meanwhile; the rest were dropped
      assertTrue(pongs >= 100 && pongs < 200, pongs + " pongs");
    }
  }

  @Test
  void invalidUtf8InATextMessageCloses1007() throws IOException {
    try (RawWebSocket raw = authenticated("utf8")) {
      raw.frame(true, RawWebSocket.TEXT, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
      assertEquals(1007, raw.readUntilClose().closeCode());
    }
    try (RawWebSocket raw = authenticated("utf8-fragments")) {
      raw.frame(false, RawWebSocket.TEXT, new byte[] {'"', (byte) 0xF0, (byte) 0x9F});
      raw.frame(true, RawWebSocket.CONTINUATION, new byte[] {'"'});
      assertEquals(1007, raw.readUntilClose().closeCode());
    }
  }

  @Test
  void closeCodesAPeerMayNotSendAreAnswered1002() throws IOException {
    for (int code : new int[] {5000, 65535, 1005, 1006, 999, 2000}) {
      try (RawWebSocket raw = authenticated("closer")) {
        raw.closeWith(code);
        RawWebSocket.Frame f = raw.readUntilClose();
        assertNotNull(f, "close frame for " + code);
        assertEquals(1002, f.closeCode(), "answer to " + code);
        assertTrue(raw.endsWithinTimeout());
      }
    }
    try (RawWebSocket raw = authenticated("closer")) {
      raw.closeWith(4000);
      assertEquals(4000, raw.readUntilClose().closeCode());
    }
  }

  @Test
  void framesThatBreakTheProtocolAreAnswered1002AndCut() throws IOException {
    byte[][] broken = {
        RawWebSocket.encode(true, 0, RawWebSocket.TEXT, "{}".getBytes(), false),      // unmasked
        RawWebSocket.encode(true, 0, 0x3, new byte[1], true),                            // reserved opcode
        RawWebSocket.encode(true, 0, 0xB, new byte[1], true),                            // reserved control opcode
        RawWebSocket.encode(true, 4, RawWebSocket.TEXT, "{}".getBytes(), true),         // RSV1, no extension
        RawWebSocket.encode(true, 0, RawWebSocket.PING, new byte[126], true),           // control frame over 125
        RawWebSocket.encode(false, 0, RawWebSocket.PING, new byte[1], true),            // fragmented control frame
        RawWebSocket.encode(true, 0, RawWebSocket.CONTINUATION, new byte[1], true),     // nothing to continue
        RawWebSocket.encode(true, 0, RawWebSocket.CLOSE, new byte[1], true),            // 1-byte close body
    };
    for (byte[] frame : broken) {
      try (RawWebSocket raw = authenticated("breaker")) {
        raw.send(frame);
        RawWebSocket.Frame f = raw.readUntilClose();
        assertNotNull(f, "a close frame for " + Arrays.toString(Arrays.copyOf(frame, 2)));
        assertTrue(f.closeCode() == 1002 || f.closeCode() == 1007, "code " + f.closeCode());
        assertTrue(raw.endsWithinTimeout(), "cut after the close frame");
      }
    }
  }

  @Test
  void aTenMegabyteMessageGets1009ThatTheClientReads() throws IOException {
    try (RawWebSocket raw = authenticated("big")) {
      int size = 10 * 1024 * 1024;
      raw.send(RawWebSocket.header(true, RawWebSocket.TEXT, size, new byte[4]));
      byte[] chunk = new byte[64 * 1024];
      for (int sent = 0; sent < size; sent += chunk.length) {
        raw.send(chunk); // all of it is read and discarded: the client is not reset mid-write
      }
      RawWebSocket.Frame f = raw.readUntilClose();
      assertNotNull(f, "the close frame arrives, not a reset");
      assertEquals(1009, f.closeCode());
    }
    try (TestClient client = node.connect("big-library")) {
      client.sendText("\"" + "x".repeat(10 * 1024 * 1024) + "\"");
      assertEquals((short) 1009, client.awaitClose().code());
    }
  }

  @Test
  void anEndlesslyFragmentedMessageIsRateLimitedThenClosed() throws IOException {
    try (RawWebSocket raw = authenticated("fragments")) {
      raw.frame(false, RawWebSocket.TEXT, new byte[] {'"'});
      byte[] piece = RawWebSocket.encode(false, 0, RawWebSocket.CONTINUATION, new byte[] {'x'}, true);
      try {
        for (int i = 0; i < 2_000; i++) {
          raw.send(piece);
        }
      } catch (IOException closedMeanwhile) {
        // the node may cut the connection while the flood is still being written
      }
      RawWebSocket.Frame f = raw.readUntilClose();
      assertNotNull(f);
      assertEquals(4029, f.closeCode());
    }
  }

  @Test
  void forgedTokensAndNamespaceTricksAreRefused() throws IOException {
    String forged = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhZG1pbiIsImV4cCI6OTk5OTk5OTk5OX0.";
    try (RawWebSocket raw = RawWebSocket.upgrade(node.port(), null, "/ws?token=" + forged)) {
      assertEquals(4001, raw.readUntilClose().closeCode());
    }
    try (RawWebSocket raw = RawWebSocket.upgrade(node.port(), null, "/ws")) {
      raw.text("{\"type\":\"subscribe\",\"channel\":\"lobby\"}"); // anything but auth first
      assertEquals(4001, raw.readUntilClose().closeCode());
    }
    try (TestClient c = node.connect("trickster")) {
      for (String channel : new String[] {"admin:secrets", "../lobby", "lobby\u0000", "x".repeat(129)}) {
        c.send(new io.vertx.core.json.JsonObject().put("type", "subscribe").put("channel", channel));
        String code = c.next("error").getString("code");
        assertTrue(code.equals("forbidden") || code.equals("invalid_channel"), channel + ": " + code);
      }
    }
  }

  @Test
  void aPeerThatSendsNothingAfterTheUpgradeIsClosedAtTheAuthTimeout() throws IOException {
    try (RawWebSocket raw = RawWebSocket.upgrade(node.port(), null, "/ws").timeout(15_000)) {
      RawWebSocket.Frame f = raw.readUntilClose();
      assertNotNull(f);
      assertEquals(4001, f.closeCode());
    } catch (EOFException e) {
      throw new AssertionError("closed without a close frame", e);
    }
  }
}
