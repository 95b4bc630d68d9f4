package io.switchboard.ops;

import io.vertx.core.Future;
import java.net.BindException;

/**
 * A listener that could not bind, told the way an operator needs it: which option, which address,
 * and how to pick another. The node then leaves the cluster it had joined before exiting.
 */
final class ListenFailure extends RuntimeException {
  private ListenFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * {@code binding}, its failure replaced by one that names {@code option} (e.g. {@code http.port})
   * at {@code host:port} and the flag that changes it.
   */
  static <T> Future<T> named(Future<T> binding, String option, String host, int port, String flag) {
    return binding.recover(err -> Future.failedFuture(new ListenFailure(option + " " + host + ":" + port + " is "
        + (inUse(err) ? "in use by another process" : "not available (" + err.getMessage() + ")")
        + ": free it, or pick another port with " + flag, err)));
  }

  private static boolean inUse(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}
