package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bench.ResumeLedger.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumeLedgerTest {

  /** A ledger subscribed at {@code start} that received {@code start+1 .. last}. */
  private static ResumeLedger receivedThrough(long start, long last) {
    ResumeLedger l = new ResumeLedger();
    l.subscribed("e1", start, null, 0);
    for (long o = start + 1; o <= last; o++) {
      assertEquals(Outcome.ACCEPTED, l.message("e1", o, 0));
    }
    return l;
  }

  @Test
  void aSeamlessResumeIsCompleteAndTimed() {
    ResumeLedger l = receivedThrough(10, 15);
    l.drop(1_000);
    assertEquals(15, l.last()); // the position to resume from
    l.resuming(2_500); // connected to the other node
    l.subscribed("e1", 18L, true, 3_000); // the node was at 18: 16..18 come from history
    assertEquals(2_000, l.resumedAfterNanos());
    assertEquals(500, l.answeredAfterNanos());
    assertEquals(-1, l.caughtUpAfterNanos());
    assertEquals(3, l.missedAtDrop());
    l.message("e1", 16, 4_000);
    l.message("e1", 17, 5_000);
    l.message("e1", 18, 6_000);
    assertEquals(5_000, l.caughtUpAfterNanos());
    l.message("e1", 19, 7_000);
    assertTrue(l.resumeRecovered());
    assertEquals(0, l.missing(19));
    assertEquals(9, l.received());
    assertEquals(0, l.duplicates() + l.reordered() + l.unexpected() + l.recoveredFalse());
  }

  @Test
  void nothingMissedIsCaughtUpAtTheAnswer() {
    ResumeLedger l = receivedThrough(0, 4);
    l.drop(100);
    l.subscribed("e1", 4L, true, 250);
    assertEquals(150, l.caughtUpAfterNanos());
    assertEquals(0, l.missedAtDrop());
  }

  @Test
  void aRepeatAtTheSeamIsADuplicateAndAGapIsLoss() {
    ResumeLedger l = receivedThrough(0, 5);
    l.drop(0);
    l.subscribed("e1", 7L, true, 1);
    l.message("e1", 5, 2); // repeated across the seam
    l.message("e1", 7, 3); // 6 skipped
    assertEquals(1, l.duplicates());
    assertEquals(1, l.missing(7));
    l.message("e1", 6, 4); // late: out of order, no longer lost
    assertEquals(1, l.reordered());
    assertEquals(0, l.missing(7));
  }

  @Test
  void aResumeNotRecoveredAnnouncesItsGapAndNothingElse() {
    ResumeLedger l = receivedThrough(0, 10);
    l.drop(0);
    l.subscribed("e1", 50L, false, 1); // 11..50 announced lost
    assertEquals(1, l.caughtUpAfterNanos()); // at the announced position at once
    l.message("e1", 51, 2);
    l.message("e1", 53, 3); // 52 lost without notice
    assertEquals(41, l.missing(53));
    assertEquals(1, l.unannouncedLoss(53));
    ResumeLedger r = receivedThrough(0, 10);
    r.drop(0);
    r.subscribed("e1", 12L, true, 1);
    assertEquals(2, r.unannouncedLoss(12)); // recovered:true announces nothing
  }

  @Test
  void theTopCountsWhatNeverArrivedAtTheEnd() {
    ResumeLedger l = receivedThrough(100, 110);
    assertEquals(0, l.missing(110));
    assertEquals(5, l.missing(115));
  }

  @Test
  void anotherEpochOrAnOffsetBeforeTheStartIsUnexpected() {
    ResumeLedger l = receivedThrough(50, 51);
    assertEquals(Outcome.FOREIGN_EPOCH, l.message("e2", 52, 0));
    assertEquals(Outcome.STALE, l.message("e1", 50, 0));
    assertEquals(2, l.unexpected());
    l.drop(0);
    l.subscribed("e2", 1L, false, 1);
    assertEquals(3, l.unexpected());
    assertFalse(l.resumeRecovered());
    assertEquals(1, l.recoveredFalse());
  }

  @Test
  void aStreamThatDidNotExistTakesTheEpochOfItsFirstPublication() {
    ResumeLedger l = new ResumeLedger();
    l.subscribed("", 0L, null, 0);
    assertEquals(Outcome.ACCEPTED, l.message("e7", 1, 0));
    assertEquals("e7", l.epoch());
    assertEquals(Outcome.FOREIGN_EPOCH, l.message("e8", 2, 0));
    assertEquals(0, l.missing(1));
  }

  @Test
  void aChannelWithoutHistoryHasNoPosition() {
    ResumeLedger l = new ResumeLedger();
    l.subscribed(null, null, null, 0);
    assertEquals(-1, l.start());
    assertEquals(Outcome.UNPOSITIONED, l.message(null, -1, 0));
    assertEquals(2, l.unexpected());
  }

  @Test
  void onlyTheFirstAnswerAfterTheDropIsTheResume() {
    ResumeLedger l = receivedThrough(0, 3);
    l.resubscribe();
    l.subscribed("e1", 3L, true, 10); // a resubscribe before the drop: not the resume
    assertNull(l.resumeRecovered());
    l.drop(20);
    l.subscribed("e1", 5L, true, 30);
    l.subscribed("e1", 9L, false, 40); // a later resubscribe's answer
    assertEquals(10, l.resumedAfterNanos());
    assertEquals(2, l.missedAtDrop());
    assertTrue(l.resumeRecovered());
    assertEquals(1, l.recoveredFalse());
    assertEquals(1, l.resubscribes());
  }

  @Test
  void totalsPassOnlyWhenEveryoneResumedCompletely() {
    ResumeLedger a = receivedThrough(0, 2);
    ResumeLedger b = receivedThrough(0, 1);
    a.drop(0);
    b.drop(0);
    a.resuming(1_000_000);
    b.resuming(1_000_000);
    a.subscribed("e1", 3L, true, 2_000_000);
    b.subscribed("e1", 3L, true, 4_000_000);
    for (ResumeLedger l : List.of(a, b)) {
      for (long o = l.last() + 1; o <= 4; o++) {
        l.message("e1", o, 6_000_000);
      }
    }
    ResumeTotals ok = ResumeTotals.of(List.of(a, b), 4);
    assertTrue(ok.clean());
    assertEquals(2, ok.recovered());
    assertEquals(4.0, ok.resumedMaxMs());
    assertEquals(3.0, ok.resumedP50Ms());
    assertEquals(3.0, ok.answerMaxMs());
    assertEquals(6.0, ok.caughtUpMaxMs());
    assertEquals(2, ok.missedMax());
    assertEquals(8, ok.expected());
    assertEquals(8, ok.received());

    ResumeTotals short1 = ResumeTotals.of(List.of(a, b), 5);
    assertFalse(short1.clean());
    assertEquals(2, short1.lost());

    ResumeLedger never = receivedThrough(0, 4);
    never.drop(0);
    ResumeTotals missing = ResumeTotals.of(List.of(a, b, never), 4);
    assertFalse(missing.clean());
    assertEquals(1, missing.notResumed());
    assertEquals(1, missing.notCaughtUp());
  }
}
