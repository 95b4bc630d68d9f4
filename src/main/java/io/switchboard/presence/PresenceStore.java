package io.switchboard.presence;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Who is in which channel. A user is present while at least one of their connections is subscribed;
 * each user counts once however many connections they hold. Implementations are thread-safe and
 * never block the caller: every call returns a future.
 *
 * <p>Connection ids have the form {@code <nodeId>/<n>}: each entry is owned (leased) by the node
 * that holds the connection, so that a node's entries can be dropped when it dies.
 */
public interface PresenceStore {
  /**
   * Records that {@code connectionId} of {@code userId} is in {@code channel}. Adding an entry that
   * is already there changes nothing (a lease renewal) and returns false.
   *
   * @return true when the user was not present in the channel before (a join)
   */
  Future<Boolean> add(String channel, String userId, String connectionId);

  /**
   * Removes one connection. Removing an absent entry is a no-op that returns false.
   *
   * @return true when it was the user's last connection in the channel (a leave)
   */
  Future<Boolean> remove(String channel, String userId, String connectionId);

  /** The channel's users, each once, in the order they joined. */
  Future<List<String>> users(String channel);

  /**
   * The channel's users, as {@link #users}, and the version of the channel's presence they were read
   * at. Every change of the channel's presence gives it a higher version, also after the channel
   * emptied and filled again (0: no users), so of two snapshots the higher version is the later;
   * announcements carry it, and a node drops one older than one it already delivered.
   */
  Future<PresenceSnapshot> snapshot(String channel);

  /** How many distinct users the channel has. */
  Future<Integer> userCount(String channel);

  /** How many distinct users the channel has, and how many connections they hold in it. */
  Future<PresenceStats> stats(String channel);

  /**
   * Drops every connection of node {@code nodeId} (a node that died or is leaving).
   *
   * @return for each channel, the users who are no longer present anywhere because of it
   */
  Future<Map<String, List<String>>> removeNode(String nodeId);

  /**
   * Removes entries of node {@code nodeId} (this node) that none of its connections holds any more:
   * strays that an operation reordered by the cluster (a retry during a partition migration) can
   * leave behind. Only the channels this node holds, or released since the sweep before last, are
   * looked at (a stray comes from this node's own operations): never the whole map.
   *
   * @return for each channel, the users who are no longer present anywhere because of it
   */
  Future<Map<String, List<String>>> dropStrays(String nodeId);

  /**
   * Renews this node's entries: for each channel where it holds connections, one operation that
   * puts back those the cluster lost (a partition whose copies all died, or the other side's data
   * after a split). The cost is one operation per channel, however many connections the node has
   * there, and does not grow with the number of nodes.
   *
   * @return for each channel, the users who were not present any more (joins again)
   */
  Future<Map<String, List<String>>> renewLocal();

  /** The (channel, connection) entries this node holds: zero when it has no subscribed sessions. */
  long localEntries();

  /** The channels where this node holds at least one entry, in no particular order (a copy). */
  java.util.Set<String> localChannels();
}
