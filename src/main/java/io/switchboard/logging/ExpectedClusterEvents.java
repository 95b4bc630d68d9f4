package io.switchboard.logging;

import java.util.Set;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Keeps the line, drops the stack trace, of what Hazelcast and Vert.x log when a peer dies, freezes
 * or is cut off, or joins: a connection refused by a killed peer's event bus, an operation from a
 * member that is no longer one, a woken member's claim to be master, a migration sent to a member
 * still starting (Hazelcast sends it again). These are expected events of a cluster
 * (the node logs each membership change in a line of its own); a stack trace would make them look
 * like faults, and make the real ones harder to find. Installed on the console's handlers, so it
 * sees the records of every logger.
 */
public final class ExpectedClusterEvents implements Filter {
  /** Exceptions of membership changes, by class name (Hazelcast's are not on the compile path of every caller). */
  private static final Set<String> EXPECTED = Set.of(
      "com.hazelcast.spi.exception.CallerNotMemberException",
      "com.hazelcast.spi.exception.TargetNotMemberException",
      "com.hazelcast.core.MemberLeftException",
      "com.hazelcast.core.HazelcastInstanceNotActiveException",
      "java.net.ConnectException",
      "io.netty.channel.AbstractChannel$AnnotatedConnectException");

  @Override
  public boolean isLoggable(LogRecord record) {
    Throwable thrown = record.getThrown();
    String logger = record.getLoggerName();
    if ("com.hazelcast.instance.impl.Node".equals(logger) && String.valueOf(record.getMessage()).contains("seem occupied")) {
      return false; // a second node on one machine takes the next port, as configured: nothing to warn of
    }
    if (thrown == null || logger == null || !(logger.startsWith("com.hazelcast") || logger.startsWith("io.vertx"))) {
      return true;
    }
    String said = String.valueOf(thrown.getMessage());
    if (expected(thrown) || said.contains("claims mastership but it is not a member")
        || said.contains("is received before startup is completed")) {
      String message = record.getMessage() == null ? "" : record.getMessage();
      String cause = thrown.getClass().getSimpleName() + ": " + thrown.getMessage();
      record.setMessage(message.contains(String.valueOf(thrown.getMessage())) ? message : message + " (" + cause + ")");
      record.setThrown(null);
    }
    return true;
  }

  private static boolean expected(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (EXPECTED.contains(t.getClass().getName())) {
        return true;
      }
    }
    return false;
  }
}
