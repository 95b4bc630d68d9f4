package io.switchboard.ops;

import io.switchboard.config.ConfigException;
import io.switchboard.config.ConfigSection;
import java.time.Duration;

/**
 * How a node leaves: on SIGTERM or the API's {@code drain}, it turns not-ready, refuses new sockets
 * with 503, and closes the ones it holds with 1001 in even waves over {@code period}, so that its
 * clients reach the other nodes spread out rather than all at once; then it leaves the cluster.
 *
 * @param period the time the waves take: 10 s by default; 0 closes every socket at once. Keep
 *     it, plus about 10 s for leaving the cluster, under the orchestrator's grace period (the
 *     StatefulSet in {@code k8s/} gives 45 s).
 */
public record DrainConfig(Duration period) {
  public static final DrainConfig DEFAULTS = new DrainConfig(Duration.ofSeconds(10));
  /** A longer drain than this is a typo, and would outlive any orchestrator's patience. */
  public static final Duration MAX_PERIOD = Duration.ofMinutes(10);

  /** Reads the {@code drain} section. */
  public static DrainConfig from(ConfigSection root) {
    ConfigSection s = root.section("drain", "period");
    Duration period = s.duration("period", DEFAULTS.period(), Duration.ZERO);
    if (period.compareTo(MAX_PERIOD) > 0) {
      throw new ConfigException(s.name("period") + ": at most " + MAX_PERIOD.toMinutes() + "m, got " + period);
    }
    return new DrainConfig(period);
  }
}
