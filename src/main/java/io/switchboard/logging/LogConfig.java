package io.switchboard.logging;

import io.switchboard.config.ConfigException;
import io.switchboard.config.ConfigSection;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * How the node logs.
 *
 * @param json one JSON object per line ({@link JsonLogFormatter}) instead of text lines, for log
 *     shippers: {@code log.format: json}
 */
public record LogConfig(boolean json) {
  public static final LogConfig DEFAULTS = new LogConfig(false);

  /** Reads the {@code log} section: {@code format} is {@code text} (the default) or {@code json}. */
  public static LogConfig from(ConfigSection root) {
    ConfigSection s = root.section("log", "format");
    String format = s.string("format", "text");
    if (!format.equals("text") && !format.equals("json")) {
      throw new ConfigException(s.name("format") + ": text or json, got '" + format + "'");
    }
    return new LogConfig(format.equals("json"));
  }

  /**
   * Puts the format on the root logger's handlers (the console), for every record from now on, and
   * {@link ExpectedClusterEvents} before them.
   */
  public void apply() {
    for (Handler handler : Logger.getLogger("").getHandlers()) {
      if (json) {
        handler.setFormatter(new JsonLogFormatter());
      }
      handler.setFilter(new ExpectedClusterEvents());
    }
  }
}
