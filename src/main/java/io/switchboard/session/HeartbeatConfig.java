package io.switchboard.session;

import io.switchboard.config.ConfigSection;
import java.time.Duration;

/**
 * Server heartbeats.
 *
 * @param interval every connection gets a ping frame this often; one that has sent nothing (no pong,
 *     no frame) since its previous ping is terminated. Expired tokens are noticed at the same pace.
 */
public record HeartbeatConfig(Duration interval) {
  public static final HeartbeatConfig DEFAULTS = new HeartbeatConfig(Duration.ofSeconds(30));

  /** Reads the {@code heartbeat} section. */
  public static HeartbeatConfig from(ConfigSection root) {
    ConfigSection s = root.section("heartbeat", "interval");
    return new HeartbeatConfig(s.duration("interval", DEFAULTS.interval(), Duration.ofMillis(100)));
  }
}
