package io.switchboard.interest;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;

/**
 * The cluster's table of interest: for each key (a channel or a user, {@link InterestKeys}), the
 * nodes that want what is sent to it. A node adds itself when its first subscriber of a channel (or
 * first session of a user) arrives and removes itself when the last one leaves, so a subscription
 * that is not a node's first costs nothing here.
 *
 * <p>Contract: an {@link #add} that has completed is seen by every {@link #nodes} that starts after
 * it, on any node (that is what makes {@code subscribed} truthful); changes to one key are applied
 * in the order they were made. Every call is asynchronous, and its result comes back on the
 * caller's Vert.x context.
 */
public interface InterestTable {
  /** Records that {@code node} wants {@code key}. Idempotent. */
  Future<Void> add(String key, String node);

  /** Records that {@code node} no longer wants {@code key}. Idempotent. */
  Future<Void> remove(String key, String node);

  /**
   * Records that {@code node} wants each of {@code keys}, in as few operations as the table can:
   * a node asserts its whole interest again after the cluster's partitions moved or a split healed.
   */
  Future<Void> addAll(Collection<String> keys, String node);

  /** The nodes that want {@code key}, empty when none does. */
  Future<List<String>> nodes(String key);

  /**
   * Removes {@code node} from every key: it was lost. Scans the whole table, so one node runs it
   * per loss ({@code ClusterMembership#oldest}).
   *
   * @return how many keys named it
   */
  Future<Integer> dropNode(String node);

  /** Keys in the table (on this member's share of it, for a distributed table): a gauge. */
  long localKeys();
}
