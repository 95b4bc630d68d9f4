package io.switchboard.bench;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * What one subscriber received, per publisher: which sequence numbers were seen, how many were
 * duplicates, and how many arrived after a higher sequence number of the same publisher (order
 * violations). Loss is computed at the end against what each publisher actually sent.
 *
 * <p>Methods are synchronized: the ledger is written by the event loop of its socket and read by the
 * orchestrating thread after the run; the lock is uncontended while measuring.
 */
public final class SubscriberLedger {

  /** How one arrival was classified. */
  public enum Outcome {
    /** First arrival of this sequence number, in order. */
    IN_ORDER,
    /** First arrival, but a higher sequence number of the same publisher was seen before. */
    REORDERED,
    /** This sequence number was already seen. */
    DUPLICATE,
    /** A negative sequence number: not accounted. */
    INVALID
  }

  private static final class PerPublisher {
    final BitSet seen = new BitSet();
    long maxSeq = -1;
    long unique;
    long duplicates;
    long reordered;
  }

  private final Map<Long, PerPublisher> byPublisher = new HashMap<>();

  /** Records the arrival of {@code seq} from {@code publisher} and classifies it. */
  public synchronized Outcome record(long publisher, long seq) {
    if (seq < 0 || seq > Integer.MAX_VALUE) {
      return Outcome.INVALID;
    }
    PerPublisher p = byPublisher.computeIfAbsent(publisher, k -> new PerPublisher());
    int s = (int) seq;
    if (p.seen.get(s)) {
      p.duplicates++;
      return Outcome.DUPLICATE;
    }
    p.seen.set(s);
    p.unique++;
    if (seq < p.maxSeq) {
      p.reordered++;
      return Outcome.REORDERED;
    }
    p.maxSeq = seq;
    return Outcome.IN_ORDER;
  }

  /** Distinct messages received, all publishers. */
  public synchronized long unique() {
    return byPublisher.values().stream().mapToLong(p -> p.unique).sum();
  }

  /** Duplicate arrivals, all publishers. */
  public synchronized long duplicates() {
    return byPublisher.values().stream().mapToLong(p -> p.duplicates).sum();
  }

  /** Arrivals that came after a higher sequence number of the same publisher. */
  public synchronized long reordered() {
    return byPublisher.values().stream().mapToLong(p -> p.reordered).sum();
  }

  /**
   * Messages this subscriber should have received but did not.
   *
   * @param sentByPublisher for every publisher this subscriber should hear, how many messages it
   *     sent (sequence numbers {@code 0 .. sent-1})
   */
  public synchronized long missing(Map<Long, Long> sentByPublisher) {
    long missing = 0;
    for (Map.Entry<Long, Long> e : sentByPublisher.entrySet()) {
      long sent = e.getValue();
      PerPublisher p = byPublisher.get(e.getKey());
      long got = p == null ? 0 : p.seen.get(0, (int) Math.min(sent, Integer.MAX_VALUE)).cardinality();
      missing += sent - got;
    }
    return missing;
  }
}
