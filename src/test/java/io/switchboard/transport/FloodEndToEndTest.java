package io.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.RunningNode;
import io.switchboard.testing.UnderAttack;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Floods by peers that never read their answers, against a node whose rate limit is out of the
 * way: the answers (pongs, HTTP responses) count against the connection's outbound budget, and a
 * connection whose answers pile up is not read further, so the node holds a bounded amount per
 * attacker (once it held RSS without bound and died of OutOfMemoryError). The attacker's writes
 * stall, the connection ends, and a bystander is served throughout.
 */
class FloodEndToEndTest {
  /** What the attacker tries to send at most; the node must stop it long before. */
  private static final long FLOOD_BYTES = 256L * 1024 * 1024;

  @RegisterExtension
  static final RunningNode node = new RunningNode("limits.messagesPerSecond=10000000", "limits.messageBurst=10000000",
      "limits.maxPendingBytes=16384", "http.requestTimeout=3s");

  @RegisterExtension
  final UnderAttack attack = new UnderAttack(node);

  @Test
  void aPingFloodThatNeverReadsItsPongsIsStoppedAndClosed() throws Exception {
    try (RawWebSocket raw = RawWebSocket.upgrade(node.port(), null, "/ws?token=" + node.token("flooder"))) {
      // the kernel's default buffers: a tiny receive buffer set after connecting can stall the
      // flooder's own sending on loopback, which would prove nothing about the node
      byte[] ping = RawWebSocket.encode(true, 0, RawWebSocket.PING, new byte[125], true);
      byte[] batch = new byte[ping.length * 512];
      for (int i = 0; i < 512; i++) {
        System.arraycopy(ping, 0, batch, i * ping.length, ping.length);
      }
      // the pongs go over the 16 kB budget (once the kernel's buffers are full): 4008, the session
      // is gone at once, and what the flooder still sends is cut after a bounded allowance
      long written = flood(raw.socket().getOutputStream(), batch, false);
      assertEquals(1, node.stats().getLong("sessions"));
      assertTrue(written < FLOOD_BYTES, "the node cut the flood: " + written + " bytes written");
      assertTrue(HostileHandshakeEndToEndTest.metric(node, "switchboard_closes_total{", "code=\"4008\"") >= 1);
    }
  }

  @Test
  void pipelinedRequestsThatAreNeverReadStallTheirConnection() throws Exception {
    try (RawWebSocket raw = RawWebSocket.open(node.port(), null)) {
      byte[] request = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      byte[] batch = new byte[request.length * 256];
      for (int i = 0; i < 256; i++) {
        System.arraycopy(request, 0, batch, i * request.length, request.length);
      }
      long written = flood(raw.socket().getOutputStream(), batch, true);
      assertTrue(written < FLOOD_BYTES, "the node stopped reading: " + written + " bytes written");
    }
  }

  /**
   * Writes {@code batch} over and over from another thread until {@link #FLOOD_BYTES} or a failed
   * write (the node cut the connection), or, with {@code untilStalled}, until the writes have made
   * no progress for three seconds (the node stopped reading); the bystander is checked all along.
   * Returns the bytes written.
   */
  private long flood(OutputStream out, byte[] batch, boolean untilStalled) throws InterruptedException {
    AtomicLong written = new AtomicLong();
    Thread writer = new Thread(() -> {
      try {
        while (written.get() < FLOOD_BYTES) {
          out.write(batch);
          written.addAndGet(batch.length);
        }
      } catch (IOException closed) {
        // the node ended the connection
      }
    }, "flooder");
    writer.setDaemon(true);
    writer.start();
    long last = -1;
    long lastProgress = System.nanoTime();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (writer.isAlive() && System.nanoTime() < deadline) {
      writer.join(500);
      attack.bystander().assertServedWithin(Duration.ofSeconds(3));
      long now = written.get();
      if (now != last) {
        last = now;
        lastProgress = System.nanoTime();
      } else if (untilStalled && System.nanoTime() - lastProgress > Duration.ofSeconds(3).toNanos()) {
        return now; // stalled: the node is not reading this connection
      }
    }
    assertTrue(!writer.isAlive(), "the flood ended by itself");
    return written.get();
  }
}
