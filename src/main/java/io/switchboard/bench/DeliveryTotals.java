package io.switchboard.bench;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

/**
 * Sum of the {@link SubscriberLedger}s of one run.
 *
 * @param expected messages that should have been delivered (subscribers × what their publishers sent)
 * @param delivered distinct messages delivered
 * @param lost expected messages never delivered
 * @param duplicates arrivals of an already delivered message
 * @param reordered arrivals after a higher sequence number of the same publisher
 */
public record DeliveryTotals(long expected, long delivered, long lost, long duplicates, long reordered) {

  /**
   * Sums the ledgers.
   *
   * @param ledgers one per subscriber
   * @param expectedFor for a ledger, the publishers it should hear and what each of them sent
   */
  public static DeliveryTotals of(
      Collection<SubscriberLedger> ledgers, Function<SubscriberLedger, Map<Long, Long>> expectedFor) {
    long expected = 0;
    long delivered = 0;
    long lost = 0;
    long dup = 0;
    long reo = 0;
    for (SubscriberLedger l : ledgers) {
      Map<Long, Long> sent = expectedFor.apply(l);
      expected += sent.values().stream().mapToLong(Long::longValue).sum();
      delivered += l.unique();
      lost += l.missing(sent);
      dup += l.duplicates();
      reo += l.reordered();
    }
    return new DeliveryTotals(expected, delivered, lost, dup, reo);
  }
}
