package io.switchboard.bench;

import java.util.Collection;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The {@link ResumeLedger}s of one {@code resume} round, summed against the channel's final top.
 *
 * @param subscribers ledgers summed
 * @param recovered resumes answered {@code recovered:true}
 * @param notRecovered resumes answered without {@code recovered:true}
 * @param notResumed subscribers whose resume was never answered
 * @param notCaughtUp subscribers that never received everything up to their resume's position
 * @param resumedP50Ms median time from the drop to the resume's {@code subscribed}
 * @param resumedMaxMs the same, for the last subscriber: the drop until every one had resumed
 * @param answerP50Ms median time from sending the resume's {@code subscribe} (on the new connection)
 *     to its {@code subscribed}: the resume without the reconnection
 * @param answerMaxMs the same, the longest
 * @param caughtUpP50Ms median time from the drop until caught up
 * @param caughtUpMaxMs the same, for the last subscriber
 * @param missedP50 median of the publications each resume had to recover
 * @param missedMax the most any resume had to recover
 * @param expected offsets that should have arrived (each subscriber: its start to the top)
 * @param received distinct offsets that arrived
 * @param lost expected offsets that never arrived
 * @param lostUnannounced of those, the ones no {@code recovered:false} announced (see
 *     {@link ResumeLedger#unannouncedLoss})
 * @param duplicates offsets that arrived again
 * @param reordered offsets that arrived after a higher one
 * @param unexpected messages at or before a start, of another epoch, or before any position
 * @param recoveredFalse answers to a {@code since} (resume or resubscribe) without {@code recovered:true}
 * @param resubscribes {@code resubscribe} frames received
 */
public record ResumeTotals(int subscribers, long recovered, long notRecovered, long notResumed, long notCaughtUp,
    double resumedP50Ms, double resumedMaxMs, double answerP50Ms, double answerMaxMs, double caughtUpP50Ms, double caughtUpMaxMs, double missedP50,
    long missedMax, long expected, long received, long lost, long lostUnannounced, long duplicates, long reordered, long unexpected,
    long recoveredFalse, long resubscribes) {

  /** Sums the ledgers against {@code top}, the channel's offset after the last publication. */
  public static ResumeTotals of(Collection<ResumeLedger> ledgers, long top) {
    List<Double> resumed = millis(ledgers, ResumeLedger::resumedAfterNanos);
    List<Double> answered = millis(ledgers, ResumeLedger::answeredAfterNanos);
    List<Double> caughtUp = millis(ledgers, ResumeLedger::caughtUpAfterNanos);
    List<Double> missed = ledgers.stream().mapToLong(ResumeLedger::missedAtDrop).filter(m -> m >= 0)
        .mapToObj(m -> (double) m).toList();
    long recovered = ledgers.stream().filter(l -> Boolean.TRUE.equals(l.resumeRecovered())).count();
    return new ResumeTotals(ledgers.size(), recovered, resumed.size() - recovered,
        ledgers.size() - resumed.size(), ledgers.size() - caughtUp.size(),
        Medians.median(resumed), max(resumed), Medians.median(answered), max(answered), Medians.median(caughtUp), max(caughtUp),
        Medians.median(missed), (long) Math.max(0, max(missed)),
        sum(ledgers, l -> l.start() < 0 ? 0 : Math.max(0, top - l.start())), sum(ledgers, ResumeLedger::received),
        sum(ledgers, l -> l.missing(top)), sum(ledgers, l -> l.unannouncedLoss(top)), sum(ledgers, ResumeLedger::duplicates), sum(ledgers, ResumeLedger::reordered),
        sum(ledgers, ResumeLedger::unexpected), sum(ledgers, ResumeLedger::recoveredFalse),
        sum(ledgers, ResumeLedger::resubscribes));
  }

  /** The durations that were measured (not -1), in ms. */
  private static List<Double> millis(Collection<ResumeLedger> ledgers, ToLongFunction<ResumeLedger> nanos) {
    return ledgers.stream().mapToLong(nanos).filter(n -> n >= 0).mapToObj(n -> n / 1e6).toList();
  }

  private static long sum(Collection<ResumeLedger> ledgers, ToLongFunction<ResumeLedger> f) {
    return ledgers.stream().mapToLong(f).sum();
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /**
   * Whether the round passed: every subscriber resumed with {@code recovered:true} and caught up, and
   * every offset arrived exactly once, in order, with nothing unexpected.
   */
  public boolean clean() {
    return recovered == subscribers && notCaughtUp == 0 && lost == 0 && duplicates == 0 && reordered == 0
        && unexpected == 0 && recoveredFalse == 0;
  }

  /** Puts every figure into {@code r} and marks it not clean when it is not. */
  public void putInto(RoundResult r) {
    r.put("resumed_recovered", recovered).put("resumed_not_recovered", notRecovered)
        .put("not_resumed", notResumed).put("not_caught_up", notCaughtUp)
        .put("resume_subscribed_p50_ms", resumedP50Ms).put("resume_all_subscribed_ms", resumedMaxMs)
        .put("resume_answer_p50_ms", answerP50Ms).put("resume_answer_max_ms", answerMaxMs)
        .put("resume_caught_up_p50_ms", caughtUpP50Ms).put("resume_all_caught_up_ms", caughtUpMaxMs)
        .put("recovered_per_subscriber_p50", missedP50).put("recovered_per_subscriber_max", missedMax)
        .put("offsets_expected", expected).put("offsets_received", received).put("offsets_lost", lost)
        .put("offsets_lost_unannounced", lostUnannounced)
        .put("offsets_duplicates", duplicates).put("offsets_reordered", reordered)
        .put("offsets_unexpected", unexpected).put("recovered_false", recoveredFalse)
        .put("resubscribes", resubscribes);
    if (!clean()) {
      r.details().put("ok", false);
    }
  }
}
