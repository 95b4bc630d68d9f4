package io.switchboard.ops;

import java.util.logging.LogManager;

/**
 * The JDK's log manager, except that it keeps logging while the JVM shuts down. The JDK resets
 * logging in a shutdown hook of its own, which runs at the same time as the node's stop, so the
 * drain, the presence removal and any failure of them would go unlogged. Installed by {@link Main}
 * through {@code java.util.logging.manager} before the first logger exists.
 */
public final class ShutdownLogManager extends LogManager {
  @Override
  public void reset() {
    // handlers flush on every record: leaving them open until the JVM exits loses nothing
    if (!shuttingDown()) {
      super.reset();
    }
  }

  private static boolean shuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }
}
