package io.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.transport.SourceThrottle.Verdict;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-source budgets, with chosen times: bursts, refills, exemptions, keys and the bounded table. */
class SourceThrottleTest {
  private static final long SECOND = 1_000_000_000L;

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void aSourceGetsItsBurstThenItsRate() {
    SourceThrottle t = new SourceThrottle(new SourceLimits(2, 3, 0, 1, List.of(), 100, List.of()));
    for (int i = 0; i < 3; i++) {
      assertEquals(Verdict.ALLOW, t.admitHandshake(ip("10.0.0.1"), 0));
    }
    assertEquals(Verdict.HANDSHAKE_RATE, t.admitHandshake(ip("10.0.0.1"), 0));
    assertEquals(Verdict.ALLOW, t.admitHandshake(ip("10.0.0.2"), 0), "another source has its own budget");
    assertEquals(Verdict.ALLOW, t.admitHandshake(ip("10.0.0.1"), SECOND / 2), "half a second refills one at 2/s");
    assertEquals(Verdict.HANDSHAKE_RATE, t.admitHandshake(ip("10.0.0.1"), SECOND / 2));
  }

  @Test
  void spentAuthenticationFailuresRefuseEveryUpgradeUntilTheyRefill() {
    SourceThrottle t = new SourceThrottle(new SourceLimits(0, 1, 1, 2, List.of(), 100, List.of()));
    InetAddress a = ip("192.0.2.7");
    assertEquals(Verdict.ALLOW, t.admitHandshake(a, 0));
    t.authFailed(a, 0);
    t.authFailed(a, 0);
    assertEquals(Verdict.AUTH_FAILURE_RATE, t.admitHandshake(a, 0));
    assertEquals(Verdict.AUTH_FAILURE_RATE, t.admitHandshake(a, SECOND / 2));
    assertEquals(Verdict.ALLOW, t.admitHandshake(a, SECOND));
  }

  @Test
  void exemptRangesAndTurnedOffBudgetsAreNeverLimited() {
    SourceThrottle t = new SourceThrottle(new SourceLimits(1, 1, 1, 1, List.of("127.0.0.1", "10.1.0.0/16", "fd00::/8"), 100, List.of()));
    for (int i = 0; i < 5; i++) {
      assertEquals(Verdict.ALLOW, t.admitHandshake(ip("127.0.0.1"), 0));
      assertEquals(Verdict.ALLOW, t.admitHandshake(ip("10.1.200.3"), 0));
      assertEquals(Verdict.ALLOW, t.admitHandshake(ip("fd12::1"), 0));
    }
    assertEquals(0, t.tracked());
    SourceThrottle off = new SourceThrottle(SourceLimits.OFF);
    for (int i = 0; i < 5; i++) {
      off.authFailed(ip("10.9.9.9"), 0);
      assertEquals(Verdict.ALLOW, off.admitHandshake(ip("10.9.9.9"), 0));
    }
  }

  @Test
  void ipv6SourcesAreKeyedByTheirSlash64AndMappedIpv4ByTheAddress() throws UnknownHostException {
    assertEquals(SourceThrottle.keyOf(ip("2001:db8:1:2::1")), SourceThrottle.keyOf(ip("2001:db8:1:2:ffff::9")));
    assertFalse(SourceThrottle.keyOf(ip("2001:db8:1:2::1")).equals(SourceThrottle.keyOf(ip("2001:db8:1:3::1"))));
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xFF;
    mapped[11] = (byte) 0xFF;
    mapped[12] = (byte) 198;
    mapped[13] = 51;
    mapped[14] = 100;
    mapped[15] = 4;
    assertEquals("198.51.100.4", SourceThrottle.keyOf(java.net.Inet6Address.getByAddress(null, mapped, -1)));
  }

  @Test
  void theTableIsBoundedAndIdleSourcesAreForgotten() {
    SourceThrottle t = new SourceThrottle(new SourceLimits(1, 1, 0, 1, List.of(), 3, List.of()));
    for (int i = 1; i <= 3; i++) {
      assertEquals(Verdict.ALLOW, t.admitHandshake(ip("10.0.0." + i), 0));
    }
    // full: new sources share one budget
    assertEquals(Verdict.ALLOW, t.admitHandshake(ip("10.0.0.4"), 0));
    assertEquals(Verdict.HANDSHAKE_RATE, t.admitHandshake(ip("10.0.0.5"), 0));
    assertEquals(3, t.tracked());
    // two seconds later the tracked ones are full again, hence forgotten to make room
    assertEquals(Verdict.ALLOW, t.admitHandshake(ip("10.0.0.6"), 2 * SECOND));
    assertTrue(t.tracked() <= 3);
  }

  @Test
  void exemptEntriesMustBeAddressesOrRanges() {
    assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("example.com"));
    assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/33"));
    assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/x"));
    assertTrue(AddressRange.parse("10.0.0.0/8").contains(ip("10.255.1.2")));
    assertFalse(AddressRange.parse("10.0.0.0/9").contains(ip("10.128.0.1")));
    assertFalse(AddressRange.parse("10.0.0.0/8").contains(ip("::1")));
  }

  @Test
  void behindATrustedProxyTheClientIsTheRightmostUntrustedForwardedAddress() {
    SourceThrottle t = new SourceThrottle(new SourceLimits(1, 1, 0, 1, List.of(), 100, List.of("10.0.0.0/8")));
    InetAddress proxy = ip("10.0.0.5");
    assertEquals(ip("198.51.100.7"), t.clientOf(proxy, List.of("198.51.100.7")));
    assertEquals(ip("198.51.100.7"), t.clientOf(proxy, List.of("6.6.6.6, 198.51.100.7")), "what the client wrote is ignored");
    assertEquals(ip("198.51.100.7"), t.clientOf(proxy, List.of("6.6.6.6", "198.51.100.7, 10.0.0.9")), "a chain of proxies");
    assertEquals(ip("2001:db8::1"), t.clientOf(proxy, List.of("[2001:db8::1]")));
    assertEquals(proxy, t.clientOf(proxy, List.of("not-an-address")), "a name is never looked up");
    assertEquals(proxy, t.clientOf(proxy, List.of()));
    assertEquals(ip("192.0.2.1"), t.clientOf(ip("192.0.2.1"), List.of("198.51.100.7")), "only trusted proxies are believed");
    SourceThrottle untrusting = new SourceThrottle(SourceLimits.DEFAULTS);
    assertEquals(proxy, untrusting.clientOf(proxy, List.of("198.51.100.7")), "no trusted proxy by default");
    // budgets follow the client, not the proxy
    assertEquals(Verdict.ALLOW, t.admitHandshake(t.clientOf(proxy, List.of("198.51.100.7")), 0));
    assertEquals(Verdict.HANDSHAKE_RATE, t.admitHandshake(t.clientOf(proxy, List.of("198.51.100.7")), 0));
    assertEquals(Verdict.ALLOW, t.admitHandshake(t.clientOf(proxy, List.of("198.51.100.8")), 0));
  }
}
