package io.switchboard.history;

import io.switchboard.config.ConfigSection;
import java.time.Duration;

/**
 * How a node keeps its deliveries of channels with history whole (section {@code streams}).
 *
 * @param gapWait how long a missing offset is waited for before it is read from history
 * @param positionCheck how often the node compares what it delivered with each stream's top
 */
public record StreamChecks(Duration gapWait, Duration positionCheck) {
  public static final StreamChecks DEFAULTS =
      new StreamChecks(ChannelHistory.DEFAULT_GAP_WAIT, ChannelHistory.DEFAULT_POSITION_CHECK);

  public static StreamChecks from(ConfigSection root) {
    ConfigSection s = root.section("streams", "gapWait", "positionCheck");
    return new StreamChecks(s.duration("gapWait", DEFAULTS.gapWait(), Duration.ofMillis(10)),
        s.duration("positionCheck", DEFAULTS.positionCheck(), Duration.ofMillis(100)));
  }
}
