package io.switchboard.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A client that triggers the same failure a thousand times makes a bounded number of log records. */
class ThrottledLogTest {
  @Test
  void atMostTheAllowanceIsLoggedAndTheRestCounted() {
    Logger logger = Logger.getLogger("throttled-log-test-" + System.nanoTime());
    logger.setUseParentHandlers(false);
    List<LogRecord> records = new ArrayList<>();
    logger.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
    ThrottledLog log = new ThrottledLog(logger, 5);
    for (int i = 0; i < 1000; i++) {
      log.warning("failure " + i, new IllegalStateException());
    }
    assertEquals(5, records.size());
    assertEquals(995, log.suppressed());
    assertTrue(records.get(4).getMessage().endsWith("4"));
  }
}
