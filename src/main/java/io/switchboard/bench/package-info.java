/**
 * The Switchboard benchmark tool: a load generator for the wire protocol, a "ceiling" server (the
 * least a Vert.x server can do for the same protocol) and the accounting that turns a run into
 * comparable numbers.
 *
 * <p>Entry point: {@link io.switchboard.bench.BenchCommand}. Pure logic (delivery accounting,
 * latency summaries, {@code /proc} parsing, medians and ratios, URL validation, the churn zero check,
 * the raw WebSocket frame encoder) lives in small classes with unit tests; the scenarios themselves
 * are measurements, not tests.
 *
 * <p>Threading: scenarios are orchestrated from a plain thread that blocks with
 * {@code Future.await()} and latches; everything on an event loop is non-blocking (latency goes to
 * an HdrHistogram {@code Recorder}, counters are {@code LongAdder}s).
 */
package io.switchboard.bench;
