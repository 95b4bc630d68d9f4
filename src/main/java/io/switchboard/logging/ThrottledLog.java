package io.switchboard.logging;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A log for unexpected failures that a client may be able to trigger repeatedly: at most
 * {@code perMinute} records a minute reach the logger, and the next record after a quiet spell
 * says how many were left out. Expected client errors are counted in metrics instead and never
 * come here. Thread-safe.
 */
public final class ThrottledLog {
  private static final long MINUTE_NANOS = 60_000_000_000L;

  private final Logger logger;
  private final int perMinute;
  private long windowStart = System.nanoTime();
  private int logged;
  private long suppressed;

  public ThrottledLog(Logger logger, int perMinute) {
    this.logger = logger;
    this.perMinute = perMinute;
  }

  /** Logs at WARNING, unless this minute's allowance is spent (then it is only counted). */
  public void warning(String message, Throwable cause) {
    long left;
    synchronized (this) {
      long now = System.nanoTime();
      if (now - windowStart >= MINUTE_NANOS) {
        windowStart = now;
        logged = 0;
      }
      if (logged >= perMinute) {
        suppressed++;
        return;
      }
      logged++;
      left = suppressed;
      suppressed = 0;
    }
    if (left > 0) {
      logger.warning(left + " similar message(s) were not logged (at most " + perMinute + " a minute)");
    }
    logger.log(Level.WARNING, message, cause);
  }

  /** Records left out since the last one logged. */
  public synchronized long suppressed() {
    return suppressed;
  }
}
