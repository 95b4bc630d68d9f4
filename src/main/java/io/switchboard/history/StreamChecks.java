package io.switchboard.history;

import io.switchboard.config.ConfigSection;
import java.time.Duration;

/**
 * How a node keeps its deliveries of channels with history whole (section {@code streams}).
 *
 * @param gapWait how long a missing offset is waited for before it is read from history
 * @param positionCheck how often the node compares what it delivered with each stream's top
 * @param timeout how long one call to the cluster's history (an append, a read) may take before it
 *     fails: a publication is answered {@code unavailable}, a fill is tried again
 */
public record StreamChecks(Duration gapWait, Duration positionCheck, Duration timeout) {
  public static final StreamChecks DEFAULTS =
      new StreamChecks(ChannelHistory.DEFAULT_GAP_WAIT, ChannelHistory.DEFAULT_POSITION_CHECK, Duration.ofSeconds(5));

  public static StreamChecks from(ConfigSection root) {
    ConfigSection s = root.section("streams", "gapWait", "positionCheck", "timeout");
    return new StreamChecks(s.duration("gapWait", DEFAULTS.gapWait(), Duration.ofMillis(10)),
        s.duration("positionCheck", DEFAULTS.positionCheck(), Duration.ofMillis(100)),
        s.duration("timeout", DEFAULTS.timeout(), Duration.ofMillis(100)));
  }
}
