package io.switchboard.ops;

import io.switchboard.channel.NodeRouting;
import io.switchboard.presence.PresenceTracker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a node does when a split heals (it merged back into the cluster). At once: drop its copies
 * of the interest table (the other side changed keys without telling it) and its memory of
 * presence versions (the merged cluster's may be lower). Two seconds later (Vert.x needs about one
 * to rebuild the routes between the nodes; one merge reports itself once per member that comes
 * back, and one round covers them all): register its mailbox and record its interest again (the
 * other side dropped both when it lost the node), put back its presence entries the merge dropped
 * (it kept the other side's entry of a channel both held), and announce every channel's full list.
 */
final class SplitHealing implements Runnable {
  private static final Logger LOG = Logger.getLogger(Node.class.getName());
  private static final long SETTLE_MS = 2_000;

  private final Vertx vertx;
  private final NodeRouting routing;
  private final PresenceTracker presence;
  private final Consumer<String> registerInterestAgain;
  private final AtomicBoolean scheduled = new AtomicBoolean();

  SplitHealing(Vertx vertx, NodeRouting routing, PresenceTracker presence, Consumer<String> registerInterestAgain) {
    this.vertx = vertx;
    this.routing = routing;
    this.presence = presence;
    this.registerInterestAgain = registerInterestAgain;
  }

  /** Called on a Hazelcast thread, once per member that came back. */
  @Override
  public void run() {
    routing.fanout().dropCopies();
    routing.presenceOrder().forget();
    if (!scheduled.compareAndSet(false, true)) {
      return;
    }
    vertx.setTimer(SETTLE_MS, t -> {
      scheduled.set(false);
      routing.mailbox().registerAgain().onFailure(err ->
          LOG.log(Level.WARNING, "could not register this node's mailbox again after a split", err));
      registerInterestAgain.accept("a split healed");
      presence.renewLocal()
          .recover(err -> Future.succeededFuture(0))
          .compose(restored -> presence.refreshLocal().map(channels -> "re-announced the presence of "
              + channels + " channel(s), " + restored + " of this node's entries put back"))
          .onComplete(ar -> {
            if (ar.succeeded()) {
              LOG.info("cluster rejoined after a split: " + ar.result());
            } else {
              LOG.log(Level.WARNING, "could not re-announce presence after a split", ar.cause());
            }
          });
    });
  }
}
