package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoopbackUrlTest {

  @Test
  void parsesLoopback() {
    LoopbackUrl u = LoopbackUrl.parse("ws://127.0.0.1:8080/ws");
    assertEquals("127.0.0.1", u.host());
    assertEquals(8080, u.port());
    assertEquals("/ws", u.path());
    assertEquals("/ws?token=abc", u.requestUri("abc"));
    assertEquals("http://127.0.0.1:9080/stats", u.statsUrl());
    assertEquals("::1", LoopbackUrl.parse("ws://[::1]:9/ws").host());
    assertEquals(80, LoopbackUrl.parse("ws://localhost/ws").port());
    assertEquals("127.1.2.3", LoopbackUrl.parse("ws://127.1.2.3:1/").host());
  }

  @Test
  void refusesNonLoopbackAndOtherSchemes() {
    assertThrows(IllegalArgumentException.class, () -> LoopbackUrl.parse("ws://10.0.0.1:8080/ws"));
    assertThrows(IllegalArgumentException.class, () -> LoopbackUrl.parse("ws://example.com/ws"));
    assertThrows(IllegalArgumentException.class, () -> LoopbackUrl.parse("ws://127.0.0.1.example.com/ws"));
    assertThrows(IllegalArgumentException.class, () -> LoopbackUrl.parse("ws://128.0.0.1/ws"));
    assertThrows(IllegalArgumentException.class, () -> LoopbackUrl.parse("http://127.0.0.1/ws"));
    assertThrows(IllegalArgumentException.class, () -> LoopbackUrl.parse("wss://127.0.0.1/ws"));
    assertThrows(IllegalArgumentException.class, () -> LoopbackUrl.parse("ws://127.0.0.256/ws"));
  }

  @Test
  void ipv4LoopbackLiteralsOnly() {
    assertTrue(LoopbackUrl.isIpv4Loopback("127.0.0.2"));
    assertTrue(LoopbackUrl.isIpv4Loopback("127.255.0.1"));
    assertFalse(LoopbackUrl.isIpv4Loopback("localhost"));
    assertFalse(LoopbackUrl.isIpv4Loopback("::1"));
    assertFalse(LoopbackUrl.isIpv4Loopback("10.0.0.2"));
    assertFalse(LoopbackUrl.isIpv4Loopback("127.0.0.2.example.com"));
  }
}
