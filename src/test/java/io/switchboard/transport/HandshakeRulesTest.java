package io.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an upgrade must be: RFC 6455 version 13 with one 16-byte key, from an allowed origin. */
class HandshakeRulesTest {
  private static HttpRequest request(HttpMethod method, HttpVersion version) {
    HttpRequest r = new DefaultHttpRequest(version, method, "/ws");
    r.headers().set("Host", "h").set("Upgrade", "websocket").set("Connection", "keep-alive, Upgrade")
        .set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").set("Sec-WebSocket-Version", "13");
    return r;
  }

  private static HttpRejection reason(HttpRequest r, List<String> origins) {
    HandshakeRules.Refusal refusal = HandshakeRules.check(r, origins);
    return refusal == null ? null : refusal.reason();
  }

  @Test
  void aValidHandshakePasses() {
    assertNull(reason(request(HttpMethod.GET, HttpVersion.HTTP_1_1), List.of()));
  }

  @Test
  void eachBrokenPartHasItsReason() {
    HttpRequest noVersion = request(HttpMethod.GET, HttpVersion.HTTP_1_1);
    noVersion.headers().remove("Sec-WebSocket-Version");
    assertEquals(HttpRejection.UNSUPPORTED_VERSION, reason(noVersion, List.of()));
    assertEquals(HttpRejection.BAD_HANDSHAKE, reason(request(HttpMethod.POST, HttpVersion.HTTP_1_1), List.of()));
    assertEquals(HttpRejection.BAD_HANDSHAKE, reason(request(HttpMethod.GET, HttpVersion.HTTP_1_0), List.of()));
    HttpRequest noHost = request(HttpMethod.GET, HttpVersion.HTTP_1_1);
    noHost.headers().remove("Host");
    assertEquals(HttpRejection.BAD_HANDSHAKE, reason(noHost, List.of()));
    HttpRequest origin = request(HttpMethod.GET, HttpVersion.HTTP_1_1);
    origin.headers().set("Origin", "https://evil.example");
    assertEquals(HttpRejection.FORBIDDEN_ORIGIN, reason(origin, List.of("https://app.example")));
    assertNull(reason(origin, List.of()), "no list: any origin");
  }

  @Test
  void aKeyIsExactlyOneBase64EncodingOfSixteenBytes() {
    assertTrue(HandshakeRules.isValidKey(List.of("dGhlIHNhbXBsZSBub25jZQ==")));
    assertFalse(HandshakeRules.isValidKey(List.of()));
    assertFalse(HandshakeRules.isValidKey(List.of("")));
    assertFalse(HandshakeRules.isValidKey(List.of("dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZQ==")));
    assertFalse(HandshakeRules.isValidKey(List.of("dGhlIHNhbXBsZSBub25jZQ")));
    assertFalse(HandshakeRules.isValidKey(List.of("!!!!!!!!!!!!!!!!!!!!!!==")));
    assertFalse(HandshakeRules.isValidKey(List.of("AAAAAAAAAAAAAAAAAAAAAAAAAAAA")));
  }
}
