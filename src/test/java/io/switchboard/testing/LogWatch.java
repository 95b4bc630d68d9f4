package io.switchboard.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the log records of level WARNING and above that the JVM writes (Switchboard, Vert.x,
 * Netty and Hazelcast all log through java.util.logging here), so that a test can assert that an
 * attack was counted, not logged.
 */
public final class LogWatch extends Handler implements AutoCloseable {
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private LogWatch() {
    setLevel(Level.WARNING);
  }

  /** Starts watching the root logger. */
  public static LogWatch start() {
    LogWatch watch = new LogWatch();
    Logger.getLogger("").addHandler(watch);
    return watch;
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
      records.add(record);
    }
  }

  /** The records written so far (WARNING and above). */
  public List<LogRecord> records() {
    return List.copyOf(records);
  }

  /** Fails naming the first record, if any was written. */
  public void assertNothingLogged() {
    if (!records.isEmpty()) {
      LogRecord r = records.get(0);
      fail(records.size() + " warning(s) logged, the first from " + r.getLoggerName() + ": " + r.getMessage()
          + (r.getThrown() == null ? "" : " (" + r.getThrown() + ")"));
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
