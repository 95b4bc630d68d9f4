package io.switchboard.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the duration syntax of the configuration and the command line: {@code 250ms}, {@code 30s},
 * {@code 5m}, {@code 1h}, {@code 7d}, or a bare number of milliseconds.
 */
public final class Durations {
  private static final Pattern SYNTAX = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  private Durations() {}

  /**
   * @param option the option's name, used in the error message
   * @param value a {@link Number} (milliseconds) or a {@link String} in the syntax above
   * @throws ConfigException when the value is not a non-negative duration, or is too large to count
   *     in nanoseconds (about 292 years), as sessions and timers do
   */
  public static Duration parse(String option, Object value) {
    if (value instanceof Number n) {
      if (n.longValue() < 0) {
        throw new ConfigException(option + ": a duration cannot be negative, got " + value);
      }
      Duration parsed = Duration.ofMillis(n.longValue());
      try {
        parsed.toNanos();
      } catch (ArithmeticException e) {
        throw new ConfigException(option + ": duration too large, got " + value);
      }
      return parsed;
    }
    if (value instanceof String s) {
      Matcher m = SYNTAX.matcher(s.trim());
      if (m.matches()) {
        try {
          long amount = Long.parseLong(m.group(1));
          String unit = m.group(2) == null ? "ms" : m.group(2);
          Duration parsed = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
          parsed.toNanos(); // the code reads durations in nanoseconds: refuse what does not fit
          return parsed;
        } catch (NumberFormatException | ArithmeticException e) {
          throw new ConfigException(option + ": duration too large, got '" + value + "'");
        }
      }
    }
    throw new ConfigException(
        option + ": expected a duration such as 250ms, 30s, 5m, 1h or 7d, got '" + value + "'");
  }
}
