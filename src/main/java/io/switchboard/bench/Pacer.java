package io.switchboard.bench;

/**
 * Open-loop pacing: how many messages are due at a given instant for a constant rate, bounded by a
 * total. The caller asks on each timer tick and sends what is due, so a late tick catches up instead
 * of lowering the rate.
 */
public final class Pacer {

  private final double perSecond;
  private final long total;
  private final long startNanos;
  private long issued;

  /**
   * @param perSecond target rate (&gt; 0)
   * @param total how many messages in all; the pacer never issues more
   * @param startNanos {@code System.nanoTime()} of the start
   */
  public Pacer(double perSecond, long total, long startNanos) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("rate must be > 0");
    }
    this.perSecond = perSecond;
    this.total = total;
    this.startNanos = startNanos;
  }

  /** Messages due now and not issued yet; they count as issued once returned. */
  public long due(long nowNanos) {
    long target = (long) Math.floor((nowNanos - startNanos) / 1e9 * perSecond) + 1;
    target = Math.max(0, Math.min(total, target));
    long n = Math.max(0, target - issued);
    issued += n;
    return n;
  }

  /** Messages issued so far. */
  public long issued() {
    return issued;
  }

  /** True once all {@code total} messages were issued. */
  public boolean done() {
    return issued >= total;
  }
}
