package io.switchboard.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.spi.exception.CallerNotMemberException;
import java.net.ConnectException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class ExpectedClusterEventsTest {
  private static LogRecord record(String logger, String message, Throwable thrown) {
    LogRecord r = new LogRecord(Level.WARNING, message);
    r.setLoggerName(logger);
    r.setThrown(thrown);
    return r;
  }

  @Test
  void aPeerGoneKeepsItsLineWithoutTheStackTrace() {
    LogRecord refused = record("io.vertx.core.eventbus.impl.clustered.ClusteredEventBus", "Connecting to server x failed",
        new RuntimeException("finishConnect(..) failed", new ConnectException("Connection refused")));
    assertTrue(new ExpectedClusterEvents().isLoggable(refused));
    assertNull(refused.getThrown());
    assertTrue(refused.getMessage().startsWith("Connecting to server x failed ("), refused.getMessage());

    LogRecord notMember = record("com.hazelcast.spi.impl.operationservice.impl.operations.PartitionIteratingOperation",
        "Not Member! caller: [127.0.0.1]:5704", new CallerNotMemberException("Not Member! caller: [127.0.0.1]:5704"));
    assertTrue(new ExpectedClusterEvents().isLoggable(notMember));
    assertNull(notMember.getThrown());
    assertEquals("Not Member! caller: [127.0.0.1]:5704", notMember.getMessage(), "its message already says it");
  }

  @Test
  void aSecondNodeTakingTheNextPortIsNoWarning() {
    LogRecord occupied = record("com.hazelcast.instance.impl.Node",
        "Config seed port is 5701 and cluster size is 2. Some of the ports seem occupied!", null);
    assertFalse(new ExpectedClusterEvents().isLoggable(occupied));
  }

  @Test
  void everythingElseKeepsItsStackTrace() {
    LogRecord fault = record("com.hazelcast.map", "boom", new IllegalStateException("a real fault"));
    assertTrue(new ExpectedClusterEvents().isLoggable(fault));
    assertNotNull(fault.getThrown());
    LogRecord ours = record("io.switchboard.ops.Node", "x", new ConnectException("not theirs"));
    assertTrue(new ExpectedClusterEvents().isLoggable(ours));
    assertNotNull(ours.getThrown(), "our own records are not touched");
  }
}
