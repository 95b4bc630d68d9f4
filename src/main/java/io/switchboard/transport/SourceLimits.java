package io.switchboard.transport;

import io.switchboard.config.ConfigException;
import io.switchboard.config.ConfigSection;
import java.util.List;

/**
 * Budgets per source address (an IPv4 address, or the /64 prefix of an IPv6 one), enforced before
 * any token is verified: a source over a budget gets 429 at once. A rate of 0 turns that budget off.
 *
 * @param handshakesPerSecond sustained WebSocket upgrades per second per source
 * @param handshakeBurst upgrades a source may make at once above the sustained rate
 * @param authFailuresPerSecond sustained failed authentications per second per source (a refused
 *     token, no {@code auth} frame in time, too much sent before authenticating); once the burst is
 *     spent, every upgrade from the source is refused until the budget refills, so a fleet of
 *     clients stuck on a revoked token costs an HTTP answer each, not a verification
 * @param authFailureBurst failed authentications a source may have at once
 * @param exempt addresses or CIDR ranges never limited (a reverse proxy on this host, a load
 *     balancer's health checks); by default this host's own loopback address
 * @param maxTracked sources tracked at once; past it, sources not yet tracked share one budget
 * @param trustedProxies addresses or CIDR ranges of reverse proxies whose {@code X-Forwarded-For}
 *     is believed: a connection from one of them counts against the budget of the rightmost
 *     address in that header that is not itself a trusted proxy (the entries to its left are
 *     whatever the client wrote). Empty by default: the header is ignored
 */
public record SourceLimits(
    int handshakesPerSecond,
    int handshakeBurst,
    int authFailuresPerSecond,
    int authFailureBurst,
    List<String> exempt,
    int maxTracked,
    List<String> trustedProxies) {

  public static final SourceLimits DEFAULTS = new SourceLimits(50, 500, 1, 20, List.of("127.0.0.1", "::1"), 100_000, List.of());

  /** No budget at all: every source is served. */
  public static final SourceLimits OFF = new SourceLimits(0, 1, 0, 1, List.of(), 1, List.of());

  public SourceLimits {
    exempt = List.copyOf(exempt);
    trustedProxies = List.copyOf(trustedProxies);
  }

  /** Reads the {@code sources} section. */
  public static SourceLimits from(ConfigSection root) {
    ConfigSection s = root.section("sources", "handshakesPerSecond", "handshakeBurst", "authFailuresPerSecond",
        "authFailureBurst", "exempt", "maxTracked", "trustedProxies");
    SourceLimits d = DEFAULTS;
    List<String> exempt = s.json().containsKey("exempt") ? s.strings("exempt") : d.exempt();
    List<String> trustedProxies = s.strings("trustedProxies");
    checkRanges(s, "exempt", exempt);
    checkRanges(s, "trustedProxies", trustedProxies);
    return new SourceLimits(
        s.integer("handshakesPerSecond", d.handshakesPerSecond(), 0, 1_000_000),
        s.integer("handshakeBurst", d.handshakeBurst(), 1, 10_000_000),
        s.integer("authFailuresPerSecond", d.authFailuresPerSecond(), 0, 1_000_000),
        s.integer("authFailureBurst", d.authFailureBurst(), 1, 10_000_000),
        exempt,
        s.integer("maxTracked", d.maxTracked(), 1, 10_000_000),
        trustedProxies);
  }

  private static void checkRanges(ConfigSection s, String key, List<String> ranges) {
    for (String range : ranges) {
      try {
        AddressRange.parse(range);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(s.name(key) + ": " + e.getMessage());
      }
    }
  }
}
