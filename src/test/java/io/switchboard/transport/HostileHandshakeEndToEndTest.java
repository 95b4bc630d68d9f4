package io.switchboard.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.RunningNode;
import io.switchboard.testing.UnderAttack;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile handshakes against a real node, from a raw socket: every malformed or unsupported
 * upgrade gets its 4xx at once, slow requests are cut at the deadline, and a source over its
 * budgets gets 429 before any token is verified. Each case also checks that a bystander on the
 * same node keeps being served, that nothing is held afterwards, and that nothing was logged.
 */
class HostileHandshakeEndToEndTest {
  @RegisterExtension
  static final RunningNode node = new RunningNode("http.requestTimeout=1s",
      "sources.handshakesPerSecond=1", "sources.handshakeBurst=10",
      "sources.authFailuresPerSecond=1", "sources.authFailureBurst=5", "sources.trustedProxies=[127.0.0.15]");

  @RegisterExtension
  final UnderAttack attack = new UnderAttack(node);

  @Test
  void aMalformedEscapeGets400AtOnceWithoutALogLine() throws IOException {
    for (int i = 0; i < 100; i++) {
      long start = System.nanoTime();
      try (RawWebSocket raw = RawWebSocket.open(node.port(), null)) {
        assertEquals(400, raw.request(RawWebSocket.handshake("/ws?token=%zz", Map.of())).status());
      }
      try (RawWebSocket raw = RawWebSocket.open(node.port(), null)) {
        assertEquals(400, raw.request("GET /health%zz HTTP/1.1\r\nHost: x\r\n\r\n").status());
      }
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos());
    }
  }

  @Test
  void hixie76AndOtherVersionsGet426NamingVersion13() throws IOException {
    Map<String, String> hixie = new HashMap<>();
    hixie.put("Sec-WebSocket-Key", null);
    hixie.put("Sec-WebSocket-Version", null);
    hixie.put("Sec-WebSocket-Key1", "4 @1  46546xW%0l 1 5");
    hixie.put("Sec-WebSocket-Key2", "12998 5 Y3 1  .P00");
    for (Map<String, String> headers : List.of(hixie, Map.of("Sec-WebSocket-Version", "8"),
        Map.of("Sec-WebSocket-Version", ""), Map.of("Sec-WebSocket-Version", "13, 8"))) {
      try (RawWebSocket raw = RawWebSocket.open(node.port(), null)) {
        // a hixie-76 request carries 8 bytes of key material after its headers
        String key3 = headers == hixie ? "^n:ds[4U" : "";
        RawWebSocket.Response r = raw.request(RawWebSocket.handshake("/ws", headers) + key3);
        assertEquals(426, r.status(), r.head());
        assertEquals("13", r.header("Sec-WebSocket-Version"));
        assertTrue(raw.endsWithinTimeout(), "closed after the answer");
      }
    }
  }

  @Test
  void missingOrMalformedKeysHostsAndMethodsGet400() throws IOException {
    List<Map<String, String>> broken = new ArrayList<>();
    broken.add(keyed(null));
    broken.add(keyed(""));
    broken.add(keyed("abc"));
    broken.add(keyed("dGhlIHNhbXBsZSBub25jZQ"));     // 16 bytes, but not padded to 24 characters
    broken.add(keyed("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    broken.add(Map.of("Host", ""));
    broken.add(Map.of("Connection", "keep-alive"));
    for (Map<String, String> headers : broken) {
      try (RawWebSocket raw = RawWebSocket.open(node.port(), null)) {
        assertEquals(400, raw.request(RawWebSocket.handshake("/ws", headers)).status(), headers.toString());
      }
    }
    try (RawWebSocket raw = RawWebSocket.open(node.port(), null)) {
      String post = RawWebSocket.handshake("/ws", Map.of()).replaceFirst("GET", "POST");
      assertEquals(400, raw.request(post).status());
    }
    try (RawWebSocket raw = RawWebSocket.open(node.port(), null)) {
      String twoKeys = RawWebSocket.handshake("/ws", Map.of()).replace("\r\n\r\n", "\r\nSec-WebSocket-Key: " + RawWebSocket.KEY + "\r\n\r\n");
      assertEquals(400, raw.request(twoKeys).status());
    }
  }

  private static Map<String, String> keyed(String key) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Sec-WebSocket-Key", key);
    return headers;
  }

  @Test
  void oversizedHeadersGet431AndAnOversizedRequestLine414() throws IOException {
    try (RawWebSocket raw = RawWebSocket.open(node.port(), null)) {
      RawWebSocket.Response r = raw.request(RawWebSocket.handshake("/ws", Map.of("X-Big", "y".repeat(20_000))));
      assertEquals(431, r.status());
    }
    try (RawWebSocket raw = RawWebSocket.open(node.port(), null)) {
      RawWebSocket.Response r = raw.request(RawWebSocket.handshake("/ws?token=" + "t".repeat(20_000), Map.of()));
      assertEquals(414, r.status());
    }
  }

  @Test
  void slowlorisRequestsAreCutAtTheDeadline() throws Exception {
    List<RawWebSocket> slow = new ArrayList<>();
    byte[] request = RawWebSocket.handshake("/ws", Map.of()).getBytes(StandardCharsets.US_ASCII);
    ScheduledExecutorService attacker = Executors.newSingleThreadScheduledExecutor();
    try {
      for (int i = 0; i < 200; i++) {
        slow.add(RawWebSocket.open(node.port(), null));
      }
      double before = metric("switchboard_http_rejections_total{node=", "reason=\"request_timeout\"");
      long start = System.nanoTime();
      // the attacker sends one byte per connection every 100 ms: the idle timer of old restarted on each
      AtomicInteger round = new AtomicInteger();
      attacker.scheduleAtFixedRate(() -> {
        byte b = request[round.getAndIncrement() % request.length];
        for (RawWebSocket s : slow) {
          try {
            s.send(new byte[] {b});
          } catch (IOException ended) {
            // cut by the node
          }
        }
      }, 0, 100, TimeUnit.MILLISECONDS);
      await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200)).until(() -> {
        attack.bystander().assertServedWithin(Duration.ofSeconds(3));
        return metric("switchboard_http_rejections_total{node=", "reason=\"request_timeout\"") >= before + 200;
      });
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(8).toNanos(), "every slow request cut by its deadline");
      attacker.shutdownNow();
      for (RawWebSocket s : slow) {
        s.timeout(5_000);
        String answer;
        try {
          answer = new String(s.socket().getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketException reset) {
          // the node closed while the attacker's last bytes were unread, so the kernel sent a reset,
          // and Linux drops what was received before it (the 408 with it): the socket was cut all the same
          answer = "";
        }
        assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"), answer);
      }
    } finally {
      attacker.shutdownNow();
      slow.forEach(RawWebSocket::close);
    }
  }

  @Test
  void aSourceStuckOnABadTokenGets429BeforeItsTokenIsVerified() throws IOException {
    String expired = node.token("stuck", Duration.ofHours(-1), Map.of());
    int refused = 0;
    int upgraded = 0;
    long began = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      try (RawWebSocket raw = RawWebSocket.open(node.port(), "127.0.0.12")) {
        RawWebSocket.Response r = raw.request(RawWebSocket.handshake("/ws?token=" + expired, Map.of()));
        if (r.status() == 101) {
          upgraded++;
          RawWebSocket.Frame close = raw.readUntilClose();
          assertNotNull(close);
          assertEquals(4001, close.closeCode());
        } else {
          assertEquals(429, r.status(), r.head());
          assertNotNull(r.header("Retry-After"));
          refused++;
        }
      }
    }
    // the burst of 5 failures is verified, then the source is refused (each second refills one)
    assertTrue(upgraded >= 5 && upgraded <= 5 + refilled(began), upgraded + " upgraded");
    assertEquals(20 - upgraded, refused);
    // another source is not affected, and neither is a token-less upgrade from it
    try (RawWebSocket other = RawWebSocket.upgrade(node.port(), "127.0.0.13", "/ws?token=" + node.token("other"))) {
      other.text("{\"type\":\"ping\",\"ref\":1}");
      assertTrue(other.readFrame().text().contains("pong"));
    }
    assertTrue(metric("switchboard_http_rejections_total{node=", "reason=\"source_auth_failures\"") >= refused);
  }

  @Test
  void aSourceOverItsHandshakeRateGets429() throws IOException {
    int upgraded = 0;
    int refused = 0;
    String token = node.token("eager");
    long began = System.nanoTime();
    for (int i = 0; i < 16; i++) {
      try (RawWebSocket raw = RawWebSocket.open(node.port(), "127.0.0.14")) {
        RawWebSocket.Response r = raw.request(RawWebSocket.handshake("/ws?token=" + token, Map.of()));
        if (r.status() == 101) {
          upgraded++;
        } else {
          assertEquals(429, r.status());
          refused++;
        }
      }
    }
    assertTrue(upgraded >= 10 && upgraded <= 10 + refilled(began), upgraded + " upgraded");
    assertEquals(16 - upgraded, refused);
  }

  @Test
  void behindATrustedProxyEachForwardedClientHasItsOwnBudget() throws IOException {
    String token = node.token("proxied");
    int upgraded = 0;
    long began = System.nanoTime();
    for (int i = 0; i < 16; i++) {
      try (RawWebSocket raw = RawWebSocket.open(node.port(), "127.0.0.15")) {
        // the client's own claim (6.6.6.6) is ignored: the proxy appended the real address
        String request = RawWebSocket.handshake("/ws?token=" + token, Map.of("X-Forwarded-For", "6.6.6.6, 198.51.100.7"));
        upgraded += raw.request(request).status() == 101 ? 1 : 0;
      }
    }
    assertTrue(upgraded >= 10 && upgraded <= 10 + refilled(began), upgraded + " upgraded for 198.51.100.7");
    try (RawWebSocket raw = RawWebSocket.open(node.port(), "127.0.0.15")) {
      String another = RawWebSocket.handshake("/ws?token=" + token, Map.of("X-Forwarded-For", "198.51.100.8"));
      assertEquals(101, raw.request(another).status(), "another client behind the same proxy is not affected");
    }
  }

  /** Tokens a 1/s budget can have refilled since {@code began}, at most (a slow machine takes longer). */
  private static int refilled(long began) {
    return (int) ((System.nanoTime() - began) / 1_000_000_000L) + 1;
  }

  /** The value of the first metric line that starts with {@code prefix} and contains {@code label}. */
  static double metric(String prefix, String label) throws IOException {
    return metric(node, prefix, label);
  }

  /** The same, on {@code on}. */
  static double metric(RunningNode on, String prefix, String label) throws IOException {
    try (RawWebSocket raw = RawWebSocket.open(on.apiPort(), null)) {
      RawWebSocket.Response r = raw.request("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertEquals(200, r.status());
      String body = new String(raw.socket().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      for (String line : body.split("\n")) {
        if (line.startsWith(prefix) && line.contains(label)) {
          return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      throw new AssertionError("no metric " + prefix + " " + label);
    }
  }
}
