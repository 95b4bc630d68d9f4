package io.switchboard.session;

import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.ErrorCode;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of what sessions did, for the metrics endpoint: every event loop adds to them
 * without contention, the scrape reads them.
 */
public final class SessionCounters {
  private final LongAdder opened = new LongAdder();
  private final LongAdder terminated = new LongAdder();
  private final LongAdder published = new LongAdder();
  private final LongAdder droppedFrames = new LongAdder();
  private final Map<CloseCode, LongAdder> closes = new EnumMap<>(CloseCode.class);
  private final Map<ErrorCode, LongAdder> errors = new EnumMap<>(ErrorCode.class);
  private final LongAdder streamBreaks = new LongAdder();
  private final LongAdder recoveries = new LongAdder();
  private final LongAdder failedRecoveries = new LongAdder();

  public SessionCounters() {
    for (CloseCode c : CloseCode.values()) {
      closes.put(c, new LongAdder());
    }
    for (ErrorCode e : ErrorCode.values()) {
      errors.put(e, new LongAdder());
    }
  }

  void countOpened() {
    opened.increment();
  }

  void countClose(CloseCode code) {
    closes.get(code).increment();
  }

  void countTerminated() {
    terminated.increment();
  }

  void countError(ErrorCode code) {
    errors.get(code).increment();
  }

  void countDroppedFrame() {
    droppedFrames.increment();
  }

  void countStreamBreak() {
    streamBreaks.increment();
  }

  void countRecovery(boolean recovered) {
    (recovered ? recoveries : failedRecoveries).increment();
  }

  /** Subscriptions ended with a {@code resubscribe} frame. */
  public long streamBreaks() {
    return streamBreaks.sum();
  }

  /** Resumes answered {@code recovered: true} ({@code true}) or {@code false}. */
  public long recoveries(boolean recovered) {
    return (recovered ? recoveries : failedRecoveries).sum();
  }

  void countPublished() {
    published.increment();
  }

  /** Connections accepted. */
  public long opened() {
    return opened.sum();
  }

  /** Connections dropped for a missed heartbeat. */
  public long terminated() {
    return terminated.sum();
  }

  /** Client publications accepted. */
  public long published() {
    return published.sum();
  }

  /** Inbound control frames and fragments dropped for the rate limit. */
  public long droppedFrames() {
    return droppedFrames.sum();
  }

  /** Sessions the server closed with {@code code}. */
  public long closes(CloseCode code) {
    return closes.get(code).sum();
  }

  /** {@code error} frames sent with {@code code}. */
  public long errors(ErrorCode code) {
    return errors.get(code).sum();
  }
}
