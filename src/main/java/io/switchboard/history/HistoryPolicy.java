package io.switchboard.history;

import java.time.Duration;

/**
 * How much of a channel's stream is kept: the latest {@code size} publications younger than
 * {@code ttl}; the stream's position (epoch and offset) outlives its last publication by
 * {@code metaTtl}, after which the channel costs nothing and its next publication starts a new
 * epoch.
 *
 * @param size publications kept at most
 * @param ttl how long a publication is kept
 * @param metaTtl how long the position is kept after the last publication; at least {@code ttl}
 * @param maxRecover publications a resuming subscriber may be sent at most; more means
 *     {@code recovered: false}
 */
public record HistoryPolicy(int size, Duration ttl, Duration metaTtl, int maxRecover) {
  public HistoryPolicy {
    if (size < 1 || ttl.isNegative() || ttl.isZero() || metaTtl.compareTo(ttl) < 0 || maxRecover < 1) {
      throw new IllegalArgumentException("invalid history policy " + size + ", " + ttl + ", " + metaTtl + ", " + maxRecover);
    }
  }
}
