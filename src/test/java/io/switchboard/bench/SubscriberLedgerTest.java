package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.bench.SubscriberLedger.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriberLedgerTest {

  @Test
  void inOrderStreamHasNoLossDuplicateOrReorder() {
    SubscriberLedger l = new SubscriberLedger();
    for (int i = 0; i < 10; i++) {
      assertEquals(Outcome.IN_ORDER, l.record(7, i));
    }
    assertEquals(10, l.unique());
    assertEquals(0, l.duplicates());
    assertEquals(0, l.reordered());
    assertEquals(0, l.missing(Map.of(7L, 10L)));
  }

  @Test
  void gapsCountAsLossAgainstWhatWasSent() {
    SubscriberLedger l = new SubscriberLedger();
    l.record(1, 0);
    l.record(1, 2);
    l.record(1, 5);
    // sent 0..7: missing 1,3,4,6,7
    assertEquals(5, l.missing(Map.of(1L, 8L)));
    // a publisher never heard from is all loss
    assertEquals(5 + 4, l.missing(Map.of(1L, 8L, 2L, 4L)));
  }

  @Test
  void duplicatesAreCountedOnceAndNotAsDelivered() {
    SubscriberLedger l = new SubscriberLedger();
    l.record(1, 0);
    assertEquals(Outcome.DUPLICATE, l.record(1, 0));
    assertEquals(Outcome.DUPLICATE, l.record(1, 0));
    assertEquals(1, l.unique());
    assertEquals(2, l.duplicates());
    assertEquals(0, l.missing(Map.of(1L, 1L)));
  }

  @Test
  void lateArrivalIsReorderNotLoss() {
    SubscriberLedger l = new SubscriberLedger();
    l.record(1, 0);
    l.record(1, 2);
    assertEquals(Outcome.REORDERED, l.record(1, 1));
    assertEquals(1, l.reordered());
    assertEquals(0, l.missing(Map.of(1L, 3L)));
    assertEquals(Outcome.DUPLICATE, l.record(1, 1));
  }

  @Test
  void orderIsPerPublisher() {
    SubscriberLedger l = new SubscriberLedger();
    l.record(1, 5);
    assertEquals(Outcome.IN_ORDER, l.record(2, 0));
    assertEquals(Outcome.IN_ORDER, l.record(2, 1));
    assertEquals(0, l.reordered());
  }

  @Test
  void messagesBeyondWhatWasSentDoNotReduceLoss() {
    SubscriberLedger l = new SubscriberLedger();
    l.record(1, 3);
    assertEquals(2, l.missing(Map.of(1L, 2L)));
    assertEquals(Outcome.INVALID, l.record(1, -1));
  }

  @Test
  void totalsSumLedgers() {
    SubscriberLedger a = new SubscriberLedger();
    SubscriberLedger b = new SubscriberLedger();
    a.record(1, 0);
    a.record(1, 1);
    a.record(1, 1);
    b.record(1, 1);
    b.record(1, 0);
    DeliveryTotals t = DeliveryTotals.of(List.of(a, b), l -> Map.of(1L, 3L));
    assertEquals(new DeliveryTotals(6, 4, 2, 1, 1), t);
  }
}
