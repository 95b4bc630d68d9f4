package io.switchboard.bench;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram recorded in nanoseconds, reported in microseconds.
 *
 * @param count recorded values
 * @param p50Us median
 * @param p99Us 99th percentile
 * @param p999Us 99.9th percentile
 * @param maxUs largest value
 * @param meanUs arithmetic mean
 */
public record LatencySummary(long count, double p50Us, double p99Us, double p999Us, double maxUs, double meanUs) {

  /** An empty summary (no values: all figures are NaN). */
  public static final LatencySummary EMPTY =
      new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /** Summarizes a histogram of nanosecond values. */
  public static LatencySummary ofNanos(Histogram h) {
    if (h == null || h.getTotalCount() == 0) {
      return EMPTY;
    }
    return new LatencySummary(
        h.getTotalCount(),
        h.getValueAtPercentile(50.0) / 1000.0,
        h.getValueAtPercentile(99.0) / 1000.0,
        h.getValueAtPercentile(99.9) / 1000.0,
        h.getMaxValue() / 1000.0,
        h.getMean() / 1000.0);
  }

  /** A histogram suitable for nanosecond latencies (3 significant digits, auto-resizing). */
  public static Histogram newHistogram() {
    Histogram h = new Histogram(3);
    h.setAutoResize(true);
    return h;
  }
}
