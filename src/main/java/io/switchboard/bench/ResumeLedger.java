package io.switchboard.bench;

import java.util.Map;
import java.util.Objects;

/**
 * One subscriber's account of a history channel's stream over a whole {@code resume} round: the
 * position its first {@code subscribed} named, every offset it received afterwards on any of its
 * connections (the one that is dropped and the one that resumes on the other node), the position it
 * resumed from, and when the resume was answered and when it had caught up.
 *
 * <p>Offsets are checked against the stream itself: every offset after the start, up to the
 * channel's final top, exactly once and in increasing order. The content ledger ({@link #content})
 * checks the same publications by their publisher and sequence number.
 *
 * <p>Written by the event loop of whichever connection is current and read by the orchestrating
 * thread: every method is synchronized (uncontended while measuring).
 */
public final class ResumeLedger {

  /** How one delivered message was classified, beyond the offset ledger's own outcome. */
  public enum Outcome {
    /** The next offset, or a later one (a gap counts as lost at the end). */
    ACCEPTED,
    /** An offset at or before the first subscription's start: never expected. */
    STALE,
    /** Another epoch than the first subscription's. */
    FOREIGN_EPOCH,
    /** A message before any {@code subscribed} with a position. */
    UNPOSITIONED
  }

  private final SubscriberLedger content = new SubscriberLedger();
  private final SubscriberLedger offsets = new SubscriberLedger();
  private String epoch;
  private long start = -1;
  private long last = -1;
  private boolean dropped;
  private long droppedAt;
  private long resumedFrom = -1;
  private Boolean resumeRecovered;
  private boolean resuming;
  private long resumingAt;
  private boolean resumed;
  private long resumedAt;
  private long target = -1;
  private boolean caughtUp;
  private long caughtUpAt;
  private long recoveredFalse;
  private long unpositioned;
  private long stale;
  private long foreignEpoch;
  private long resubscribes;

  /** The ledger of publishers' sequence numbers, for {@link Traffic#receiver}. */
  public SubscriberLedger content() {
    return content;
  }

  /**
   * A {@code subscribed} reply. The first one with a position sets the start; the first after
   * {@link #drop} is the resume's answer: it sets the position to catch up to.
   *
   * @param epoch its {@code epoch}, null when absent
   * @param offset its {@code offset}, null when absent (a channel without history)
   * @param recovered its {@code recovered}, null when absent
   * @param nowNanos arrival time
   */
  public synchronized void subscribed(String epoch, Long offset, Boolean recovered, long nowNanos) {
    if (epoch == null || offset == null) {
      unpositioned++;
      return;
    }
    if (start < 0) {
      this.epoch = epoch;
      start = offset;
      last = offset;
      return;
    }
    if (this.epoch.isEmpty() && start == 0 && last == 0 && !epoch.isEmpty()) {
      this.epoch = epoch; // subscribed before the stream existed and received nothing: the resume names the epoch
    }
    if (!epoch.equals(this.epoch)) {
      foreignEpoch++;
    }
    if (!Boolean.TRUE.equals(recovered)) {
      recoveredFalse++;
    }
    if (dropped && !resumed) {
      resumed = true;
      resumedAt = nowNanos;
      resumeRecovered = recovered;
      target = offset;
      if (!Boolean.TRUE.equals(recovered)) {
        caughtUp = true; // nothing up to its position will come: the answer itself puts the client there
        caughtUpAt = nowNanos;
      }
    }
    checkCaughtUp(nowNanos);
  }

  /** A {@code message} frame with its {@code epoch} and {@code offset}. */
  public synchronized Outcome message(String epoch, long offset, long nowNanos) {
    if (start < 0) {
      unpositioned++;
      return Outcome.UNPOSITIONED;
    }
    if (this.epoch.isEmpty() && start == 0 && last == 0 && epoch != null && !epoch.isEmpty()) {
      this.epoch = epoch; // subscribed before the stream existed ("" / 0): its first publication names the epoch
    }
    if (!Objects.equals(epoch, this.epoch)) {
      foreignEpoch++;
      return Outcome.FOREIGN_EPOCH;
    }
    if (offset <= start) {
      stale++;
      return Outcome.STALE;
    }
    offsets.record(0, offset - start - 1);
    last = Math.max(last, offset);
    checkCaughtUp(nowNanos);
    return Outcome.ACCEPTED;
  }

  private void checkCaughtUp(long nowNanos) {
    if (target >= 0 && !caughtUp && last >= target) {
      caughtUp = true;
      caughtUpAt = nowNanos;
    }
  }

  /** The connection is dropped now: what it received so far is the position to resume from. */
  public synchronized void drop(long nowNanos) {
    dropped = true;
    droppedAt = nowNanos;
    resumedFrom = last;
  }

  /** The resume's {@code subscribe} with {@code since} is sent now (on the new connection). */
  public synchronized void resuming(long nowNanos) {
    resuming = true;
    resumingAt = nowNanos;
  }

  /** A {@code resubscribe} frame: counted; the caller subscribes again from {@link #last}. */
  public synchronized void resubscribe() {
    resubscribes++;
  }

  /** The stream's epoch: the first subscription's, or its first publication's when that found no stream (null before). */
  public synchronized String epoch() {
    return epoch;
  }

  /** The offset the first subscription started after (-1 before it). */
  public synchronized long start() {
    return start;
  }

  /** The highest offset received (the start before any). */
  public synchronized long last() {
    return last;
  }

  /** Offsets after the start up to {@code top} that never arrived. */
  public synchronized long missing(long top) {
    return start < 0 ? 0 : offsets.missing(Map.of(0L, Math.max(0, top - start)));
  }

  /**
   * Offsets missing up to {@code top} that no {@code recovered:false} announced: all of them after a
   * {@code recovered:true} resume; after a {@code recovered:false} one, those beyond the gap between
   * the resume's {@code since} and the position its {@code subscribed} named.
   */
  public synchronized long unannouncedLoss(long top) {
    long announced = resumed && !Boolean.TRUE.equals(resumeRecovered) ? Math.max(0, target - resumedFrom) : 0;
    return missing(top) - announced;
  }

  /** Distinct offsets received after the start. */
  public synchronized long received() {
    return offsets.unique();
  }

  /** Offsets received more than once. */
  public synchronized long duplicates() {
    return offsets.duplicates();
  }

  /** Offsets received after a higher one. */
  public synchronized long reordered() {
    return offsets.reordered();
  }

  /** Messages at or before the start, of another epoch, or before any position: never expected. */
  public synchronized long unexpected() {
    return stale + foreignEpoch + unpositioned;
  }

  /** The kinds of {@link #unexpected}: at or before the start, another epoch, before any position. */
  public synchronized long[] unexpectedKinds() {
    return new long[] {stale, foreignEpoch, unpositioned};
  }

  /** {@code subscribed} replies to a resume (or a resubscribe) that did not say {@code recovered:true}. */
  public synchronized long recoveredFalse() {
    return recoveredFalse;
  }

  /** {@code resubscribe} frames received. */
  public synchronized long resubscribes() {
    return resubscribes;
  }

  /** The resume's {@code recovered}: null until answered (or when absent from the answer). */
  public synchronized Boolean resumeRecovered() {
    return resumeRecovered;
  }

  /** Drop to the resume's {@code subscribed}, in ns; -1 when not answered. */
  public synchronized long resumedAfterNanos() {
    return resumed ? resumedAt - droppedAt : -1;
  }

  /** The resume's {@code subscribe} sent to its {@code subscribed}, in ns; -1 when not answered. */
  public synchronized long answeredAfterNanos() {
    return resumed && resuming ? resumedAt - resumingAt : -1;
  }

  /**
   * Drop to having every publication up to the resume's position (for a resume not recovered: to its
   * answer), in ns; -1 when not caught up.
   */
  public synchronized long caughtUpAfterNanos() {
    return caughtUp ? caughtUpAt - droppedAt : -1;
  }

  /** Publications the resume had to send: its position minus where the client resumed from; -1 before. */
  public synchronized long missedAtDrop() {
    return target < 0 ? -1 : target - resumedFrom;
  }
}
