package io.switchboard.ops;

import io.switchboard.cluster.ClusterMembership;
import io.switchboard.interest.InterestTable;
import io.switchboard.presence.PresenceTracker;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the cluster does when a node is lost (killed, frozen past the heartbeat timeout): its
 * presence entries and its interest in channels and users go. Each clean-up scans a whole map, so
 * one member runs them, the oldest that holds data; until they run, frames sent to the lost node go
 * nowhere and its users look present. Each is tried up to {@link #ATTEMPTS} times, a second apart.
 */
final class LostNodeCleanup implements Consumer<String> {
  private static final Logger LOG = Logger.getLogger(Node.class.getName());
  static final int ATTEMPTS = 5;

  private final Vertx vertx;
  private final PresenceTracker presence;
  private final InterestTable interest;
  private final BooleanSupplier runsHere;

  /** @param runsHere whether this node is the one that cleans up ({@link ClusterMembership#oldestDataMember()}) */
  LostNodeCleanup(Vertx vertx, PresenceTracker presence, InterestTable interest, BooleanSupplier runsHere) {
    this.vertx = vertx;
    this.presence = presence;
    this.interest = interest;
    this.runsHere = runsHere;
  }

  @Override
  public void accept(String gone) {
    if (!runsHere.getAsBoolean()) {
      return;
    }
    retried(() -> presence.dropNode(gone, true), ATTEMPTS).onComplete(ar -> {
      if (ar.succeeded()) {
        LOG.info("presence of node " + gone + " dropped: " + ar.result() + " user(s) left");
      } else {
        LOG.log(Level.WARNING, "could not drop the presence of lost node " + gone, ar.cause());
      }
    });
    retried(() -> interest.dropNode(gone), ATTEMPTS).onComplete(ar -> {
      if (ar.succeeded()) {
        LOG.info("interest of node " + gone + " dropped: " + ar.result() + " channel(s) and user(s)");
      } else {
        LOG.log(Level.WARNING, "could not drop the interest of lost node " + gone, ar.cause());
      }
    });
  }

  /** {@code action}, tried again a second after each failure, at most {@code attempts} times in all. */
  private <T> Future<T> retried(Supplier<Future<T>> action, int attempts) {
    return action.get().recover(err -> {
      if (attempts <= 1) {
        return Future.failedFuture(err);
      }
      Promise<T> again = Promise.promise();
      vertx.setTimer(1000, t -> retried(action, attempts - 1).onComplete(again));
      return again.future();
    });
  }
}
