package io.switchboard.history;

import java.time.Duration;
import java.util.function.Function;

/**
 * Which channels keep history, under what policy, where their streams live, and how a node keeps
 * its subscribers' deliveries in offset order. Thread-safe.
 *
 * @param policies a channel's policy by its name, null for channels without history
 * @param streams the channels' streams
 * @param gapWait how long a node waits for a missing offset before it reads it from history
 * @param positionCheck how often a node compares what it delivered with the stream's top, so that a
 *     lost last publication is found even when nothing follows it
 */
public record ChannelHistory(Function<String, HistoryPolicy> policies, ChannelStreams streams, Duration gapWait,
    Duration positionCheck) {
  /** The default {@link #gapWait}: the event bus reorders within milliseconds, not hundreds of them. */
  public static final Duration DEFAULT_GAP_WAIT = Duration.ofMillis(200);
  /** The default {@link #positionCheck}. */
  public static final Duration DEFAULT_POSITION_CHECK = Duration.ofSeconds(10);

  /** No channel keeps history. */
  public static final ChannelHistory NONE =
      new ChannelHistory(channel -> null, new MemoryChannelStreams(), DEFAULT_GAP_WAIT, DEFAULT_POSITION_CHECK);

  /** The policy of {@code channel}'s namespace, or null when it keeps no history. */
  public HistoryPolicy policyOf(String channel) {
    return policies.apply(channel);
  }
}
