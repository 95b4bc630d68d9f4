package io.switchboard.presence;

import io.switchboard.channel.ChannelPublisher;
import io.switchboard.protocol.ServerFrame;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Coalesces presence changes per channel and announces them on the channel's address at most once
 * per {@link PresenceConfig#interval()}: a full {@code presence} list while the channel is small, and
 * {@code join}/{@code leave} deltas above {@link PresenceConfig#deltasAbove()}, so that a join storm
 * costs O(users) frames instead of the seed's O(users²). A user who joins and leaves within one
 * interval cancels out. Thread-safe; the one timer is armed only while changes are pending.
 */
public final class PresenceAnnouncer {
  private final Vertx vertx;
  private final PresenceStore store;
  private final ChannelPublisher publisher;
  private final PresenceConfig config;
  private final Object lock = new Object();
  private Map<String, Changes> pending = new HashMap<>();
  private boolean armed;

  public PresenceAnnouncer(Vertx vertx, PresenceStore store, ChannelPublisher publisher, PresenceConfig config) {
    this.vertx = vertx;
    this.store = store;
    this.publisher = publisher;
    this.config = config;
  }

  /** Notes that {@code userId} became present in {@code channel}. */
  public void joined(String channel, String userId) {
    change(channel, userId, true);
  }

  /** Notes that {@code userId} is no longer present in {@code channel}. */
  public void left(String channel, String userId) {
    change(channel, userId, false);
  }

  /**
   * Announces the channel's whole current list, whatever its size, as one {@code presence} frame:
   * for clients whose view may have missed announcements (see {@link PresenceTracker#refreshLocal}).
   */
  public Future<Void> refresh(String channel) {
    return store.snapshot(channel).map(snapshot -> {
      publisher.publishPresence(new ServerFrame.Presence(channel, snapshot.users(), null), snapshot.version());
      return null;
    });
  }

  /** Channels with changes waiting for the next announcement (for tests and stats). */
  public int pendingChannels() {
    synchronized (lock) {
      return pending.size();
    }
  }

  private void change(String channel, String userId, boolean join) {
    boolean arm;
    synchronized (lock) {
      Changes changes = pending.computeIfAbsent(channel, c -> new Changes());
      if (join) {
        if (!changes.leaves.remove(userId)) {
          changes.joins.add(userId);
        }
      } else if (!changes.joins.remove(userId)) {
        changes.leaves.add(userId);
      }
      arm = !armed;
      armed = true;
    }
    if (arm) {
      vertx.setTimer(config.interval().toMillis(), id -> flush());
    }
  }

  /**
   * Announces everything pending now instead of at the end of the interval (a stopping node).
   * Completes when every announcement is published.
   */
  public Future<Void> flushNow() {
    return flush();
  }

  private Future<Void> flush() {
    Map<String, Changes> batch;
    synchronized (lock) {
      batch = pending;
      pending = new HashMap<>();
      armed = false;
    }
    List<Future<Void>> published = new ArrayList<>();
    batch.forEach((channel, changes) -> published.add(announce(channel, changes)));
    return Future.join(published).mapEmpty();
  }

  private Future<Void> announce(String channel, Changes changes) {
    if (changes.joins.isEmpty() && changes.leaves.isEmpty()) {
      return Future.succeededFuture(); // joins and leaves cancelled out
    }
    return store.userCount(channel).compose(count -> {
      if (count <= config.deltasAbove()) {
        return store.snapshot(channel).map(snapshot -> {
          publisher.publishPresence(new ServerFrame.Presence(channel, snapshot.users(), null), snapshot.version());
          return null;
        });
      } else {
        if (!changes.leaves.isEmpty()) {
          publisher.publish(channel, new ServerFrame.Leave(channel, new ArrayList<>(changes.leaves)));
        }
        if (!changes.joins.isEmpty()) {
          publisher.publish(channel, new ServerFrame.Join(channel, new ArrayList<>(changes.joins)));
        }
        return Future.succeededFuture();
      }
    });
  }

  private static final class Changes {
    final Set<String> joins = new LinkedHashSet<>();
    final Set<String> leaves = new LinkedHashSet<>();
  }
}
