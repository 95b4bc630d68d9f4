package io.switchboard.presence;

import io.switchboard.config.ConfigSection;
import java.time.Duration;

/**
 * How presence changes are announced.
 *
 * @param interval changes of one channel are gathered for this long and announced together, so a
 *     channel sends at most one announcement per interval however many users come and go
 * @param deltasAbove a channel with at most this many users gets the full {@code presence} list;
 *     above it, {@code join} and {@code leave} frames with only the users who changed
 */
public record PresenceConfig(Duration interval, int deltasAbove) {
  public static final PresenceConfig DEFAULTS = new PresenceConfig(Duration.ofMillis(100), 100);

  /** Reads the {@code presence} section. */
  public static PresenceConfig from(ConfigSection root) {
    ConfigSection s = root.section("presence", "interval", "deltasAbove");
    return new PresenceConfig(
        s.duration("interval", DEFAULTS.interval(), Duration.ofMillis(10)),
        s.integer("deltasAbove", DEFAULTS.deltasAbove(), 0, 1_000_000));
  }
}
