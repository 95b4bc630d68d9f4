package io.switchboard.transport;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-source budgets of {@link SourceLimits}: two token buckets per source, shared by every
 * event loop (a source's connections are spread over all of them). Thread-safe; each call is a
 * map look-up and a few arithmetic operations, so a refused upgrade costs far less than a token
 * verification. The table is bounded: idle sources are dropped when it fills, and sources beyond
 * {@link SourceLimits#maxTracked()} share one budget.
 */
public final class SourceThrottle {
  /** The outcome for one upgrade. */
  public enum Verdict { ALLOW, HANDSHAKE_RATE, AUTH_FAILURE_RATE }

  private static final long SWEEP_EVERY_NANOS = 1_000_000_000L;

  private final SourceLimits limits;
  private final List<AddressRange> exempt;
  private final List<AddressRange> trustedProxies;
  private final Map<String, Source> sources = new ConcurrentHashMap<>();
  private final Source overflow;
  private final AtomicLong lastSweep = new AtomicLong(System.nanoTime() - SWEEP_EVERY_NANOS);

  public SourceThrottle(SourceLimits limits) {
    this.limits = limits;
    this.exempt = limits.exempt().stream().map(AddressRange::parse).toList();
    this.trustedProxies = limits.trustedProxies().stream().map(AddressRange::parse).toList();
    this.overflow = new Source(System.nanoTime());
  }

  /** Whether any budget is in force. */
  boolean enabled() {
    return limits.handshakesPerSecond() > 0 || limits.authFailuresPerSecond() > 0;
  }

  /**
   * Takes one upgrade from the source's budget, or says which budget it is over: a source whose
   * authentication failures used up their budget is refused first, whatever its handshake rate.
   */
  public Verdict admitHandshake(InetAddress address, long nowNanos) {
    Source source = sourceOf(address, nowNanos);
    return source == null ? Verdict.ALLOW : source.admit(limits, nowNanos);
  }

  /** Records a failed authentication from the source. */
  public void authFailed(InetAddress address, long nowNanos) {
    if (limits.authFailuresPerSecond() > 0) {
      Source source = sourceOf(address, nowNanos);
      if (source != null) {
        source.failed(limits, nowNanos);
      }
    }
  }

  /**
   * The address whose budget a connection from {@code peer} spends: the peer itself, unless it is a
   * trusted proxy; then the rightmost {@code X-Forwarded-For} entry that is not a trusted proxy
   * (entries further left are the client's own words). A malformed entry where one is needed, or
   * none at all, leaves the budget with the last trusted hop.
   *
   * @param forwardedFor every {@code X-Forwarded-For} header of the request, in order
   */
  InetAddress clientOf(InetAddress peer, List<String> forwardedFor) {
    if (peer == null || trustedProxies.isEmpty() || forwardedFor.isEmpty() || !isIn(trustedProxies, peer)) {
      return peer;
    }
    InetAddress client = peer;
    for (int h = forwardedFor.size() - 1; h >= 0; h--) {
      String[] hops = forwardedFor.get(h).split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        InetAddress hop = AddressRange.literal(hops[i]);
        if (hop == null) {
          return client;
        }
        client = hop;
        if (!isIn(trustedProxies, hop)) {
          return client;
        }
      }
    }
    return client;
  }

  private static boolean isIn(List<AddressRange> ranges, InetAddress address) {
    for (AddressRange range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** Whole seconds until the budget named by {@code verdict} has room again (a Retry-After). */
  int retryAfterSeconds(Verdict verdict) {
    int perSecond = verdict == Verdict.AUTH_FAILURE_RATE ? limits.authFailuresPerSecond() : limits.handshakesPerSecond();
    return perSecond >= 1 ? 1 : 60;
  }

  /** Sources tracked now (for tests and stats). */
  int tracked() {
    return sources.size();
  }

  /** The source's budgets; null when it is exempt or nothing is limited. */
  private Source sourceOf(InetAddress address, long nowNanos) {
    if (!enabled() || address == null) {
      return null;
    }
    if (isIn(exempt, address)) {
      return null;
    }
    String key = keyOf(address);
    Source known = sources.get(key);
    if (known != null) {
      return known;
    }
    if (sources.size() >= limits.maxTracked()) {
      sweep(nowNanos);
      if (sources.size() >= limits.maxTracked()) {
        return overflow;
      }
    }
    return sources.computeIfAbsent(key, k -> new Source(nowNanos));
  }

  /** Drops sources whose budgets are full again (they cost nothing to forget); at most once a second. */
  private void sweep(long nowNanos) {
    long last = lastSweep.get();
    if (nowNanos - last < SWEEP_EVERY_NANOS || !lastSweep.compareAndSet(last, nowNanos)) {
      return;
    }
    sources.values().removeIf(s -> s.idle(limits, nowNanos));
  }

  /**
   * An IPv4 address as itself; an IPv6 address by its /64 prefix, since one host commonly holds a
   * whole /64 and could otherwise take a new budget per address.
   */
  static String keyOf(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      if (isV4Mapped(b)) {
        try {
          return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}).getHostAddress();
        } catch (UnknownHostException e) {
          throw new IllegalStateException(e);
        }
      }
      StringBuilder key = new StringBuilder(24);
      for (int i = 0; i < 8; i += 2) {
        key.append(Integer.toHexString(((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF))).append(':');
      }
      return key.append(":/64").toString();
    }
    return ((Inet4Address) address).getHostAddress();
  }

  private static boolean isV4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
  }

  /** One source's two token buckets. */
  private static final class Source {
    private double handshakes;
    private double failures;
    private long refilledAt;
    private boolean fresh = true;

    Source(long nowNanos) {
      this.refilledAt = nowNanos;
    }

    synchronized Verdict admit(SourceLimits limits, long nowNanos) {
      refill(limits, nowNanos);
      if (limits.authFailuresPerSecond() > 0 && failures < 1) {
        return Verdict.AUTH_FAILURE_RATE;
      }
      if (limits.handshakesPerSecond() > 0) {
        if (handshakes < 1) {
          return Verdict.HANDSHAKE_RATE;
        }
        handshakes -= 1;
      }
      return Verdict.ALLOW;
    }

    synchronized void failed(SourceLimits limits, long nowNanos) {
      refill(limits, nowNanos);
      failures = Math.max(0, failures - 1);
    }

    synchronized boolean idle(SourceLimits limits, long nowNanos) {
      refill(limits, nowNanos);
      return handshakes >= limits.handshakeBurst() && failures >= limits.authFailureBurst();
    }

    private void refill(SourceLimits limits, long nowNanos) {
      if (fresh) {
        fresh = false;
        handshakes = limits.handshakeBurst();
        failures = limits.authFailureBurst();
      } else {
        double seconds = Math.max(0, nowNanos - refilledAt) / 1e9;
        handshakes = Math.min(limits.handshakeBurst(), handshakes + seconds * limits.handshakesPerSecond());
        failures = Math.min(limits.authFailureBurst(), failures + seconds * limits.authFailuresPerSecond());
      }
      refilledAt = nowNanos;
    }
  }
}
