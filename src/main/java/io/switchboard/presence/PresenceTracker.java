package io.switchboard.presence;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Presence as the rest of the node uses it: the {@link PresenceStore} decides joins and leaves,
 * the {@link PresenceAnnouncer} tells the channel, and the {@link Listener} (lifecycle events) is
 * told. Thread-safe.
 */
public final class PresenceTracker {
  /** Told of every join and leave this node decided. */
  public interface Listener {
    void joined(String channel, String user);

    /** {@code lostNode} is the node whose loss caused the leave, or null. */
    void left(String channel, String user, String lostNode);
  }

  private final PresenceStore store;
  private final PresenceAnnouncer announcer;
  private final Listener listener;

  public PresenceTracker(PresenceStore store, PresenceAnnouncer announcer, Listener listener) {
    this.store = store;
    this.announcer = announcer;
    this.listener = listener;
  }

  /** A connection of {@code user} entered {@code channel}. */
  public void join(String channel, String user, String connectionId) {
    store.add(channel, user, connectionId).onSuccess(joined -> {
      if (joined) {
        announcer.joined(channel, user);
        listener.joined(channel, user);
      }
    });
  }

  /** A connection of {@code user} left {@code channel}. */
  public void leave(String channel, String user, String connectionId) {
    store.remove(channel, user, connectionId).onSuccess(left -> {
      if (left) {
        announcer.left(channel, user);
        listener.left(channel, user, null);
      }
    });
  }

  /**
   * Drops every entry of a node (one that died, or this one as it stops) and announces the
   * leaves it caused. Completes once the announcements are published, with the number of
   * (channel, user) leaves.
   *
   * @param lost whether the node was lost (its leave events then name it)
   */
  public Future<Integer> dropNode(String nodeId, boolean lost) {
    return store.removeNode(nodeId).compose(left -> announceLeaves(left, lost ? nodeId : null));
  }

  private Future<Integer> announceLeaves(Map<String, List<String>> left, String lostNode) {
    int count = 0;
    for (Map.Entry<String, List<String>> e : left.entrySet()) {
      for (String user : e.getValue()) {
        announcer.left(e.getKey(), user);
        listener.left(e.getKey(), user, lostNode);
        count++;
      }
    }
    int leaves = count;
    return announcer.flushNow().map(v -> leaves);
  }

  /**
   * Renews this node's entries, one operation per channel (see {@link PresenceStore#renewLocal}),
   * and announces as joins the users the cluster had lost. The node does it once per heartbeat
   * interval, so a lost entry comes back within one. Completes with the number of joins.
   */
  public Future<Integer> renewLocal() {
    return store.renewLocal().map(joined -> {
      int count = 0;
      for (Map.Entry<String, List<String>> e : joined.entrySet()) {
        for (String user : e.getValue()) {
          announcer.joined(e.getKey(), user);
          listener.joined(e.getKey(), user);
          count++;
        }
      }
      return count;
    });
  }

  /**
   * Removes this node's stray entries (see {@link PresenceStore#dropStrays}) and announces the
   * leaves they hid. Completes with the number of leaves.
   */
  public Future<Integer> dropStrays(String nodeId) {
    return store.dropStrays(nodeId).compose(left -> announceLeaves(left, null));
  }

  public Future<List<String>> users(String channel) {
    return store.users(channel);
  }

  /**
   * Announces the whole list of every channel this node has present connections in. After a split
   * of the cluster heals, announcements published while the nodes could not reach each other (and
   * for about a second after, while Vert.x rebuilds its routes) were lost; a full list brings every
   * client's view back. Completes with the number of channels announced.
   */
  public Future<Integer> refreshLocal() {
    List<Future<Void>> announced = new java.util.ArrayList<>();
    for (String channel : store.localChannels()) {
      announced.add(announcer.refresh(channel));
    }
    return Future.join(announced).map(v -> announced.size());
  }

  public PresenceStore store() {
    return store;
  }

  public PresenceAnnouncer announcer() {
    return announcer;
  }
}
