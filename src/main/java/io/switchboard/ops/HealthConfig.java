package io.switchboard.ops;

import io.switchboard.config.ConfigSection;
import java.time.Duration;

/**
 * When the node calls itself dead.
 *
 * @param loopStall an event loop whose timer has not run for this long is stuck (a handler that
 *     blocks, a deadlock): {@code /health/live} answers 503 while any one loop is, so that the
 *     orchestrator restarts the node. 10 s by default (Vert.x warns of a blocked loop after 2 s; a
 *     long GC pause on a starved machine stays well under 10 s); at least 1 s.
 */
public record HealthConfig(Duration loopStall) {
  public static final HealthConfig DEFAULTS = new HealthConfig(Duration.ofSeconds(10));

  /** Reads the {@code health} section. */
  public static HealthConfig from(ConfigSection root) {
    ConfigSection s = root.section("health", "loopStall");
    return new HealthConfig(s.duration("loopStall", DEFAULTS.loopStall(), Duration.ofSeconds(1)));
  }
}
