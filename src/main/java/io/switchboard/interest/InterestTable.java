package io.switchboard.interest;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The cluster's table of interest: for each key (a channel or a user, {@link InterestKeys}), the
 * nodes that want what is sent to it, and the readers, the nodes that keep a copy of that list
 * ({@link #read}). A node adds itself when its first subscriber of a channel (or first session of
 * a user) arrives and removes itself when the last one leaves, so a subscription that is not a
 * node's first costs nothing here; and it reads a key once, then keeps the copy until a change
 * tells it to drop it.
 *
 * <p>Contract: an {@link #add} that has completed is seen by every {@link #read} or {@link #nodes}
 * that starts after it, on any node, and it returns every reader whose copy predates it (the
 * caller makes them drop it: that is what makes {@code subscribed} truthful); changes to one key
 * are applied in the order they were made. Every call is asynchronous, and its result comes back
 * on the caller's Vert.x context.
 */
public interface InterestTable {
  /** Records that {@code node} wants {@code key}. Idempotent. Completes with the key's readers. */
  Future<List<String>> add(String key, String node);

  /** Records that {@code node} no longer wants {@code key}. Idempotent. Completes with the key's readers. */
  Future<List<String>> remove(String key, String node);

  /**
   * Records that {@code node} wants each of {@code keys}, in as few operations as the table can:
   * a node asserts its whole interest again after the cluster's partitions moved or a split healed.
   * Completes with each key's readers (those of keys without readers may be left out).
   */
  Future<Map<String, List<String>>> addAll(Collection<String> keys, String node);

  /** The nodes that want {@code key}, with {@code reader} recorded as keeping a copy of them. */
  Future<List<String>> read(String key, String reader);

  /** {@code reader} no longer keeps a copy of these keys' nodes. */
  Future<Void> forget(Collection<String> keys, String reader);

  /** The nodes that want {@code key}, empty when none does; nobody is recorded as a reader. */
  Future<List<String>> nodes(String key);

  /**
   * Removes {@code node} from every key, as a node and as a reader: it was lost. Scans the whole
   * table, so one node runs it per loss.
   *
   * @return how many keys named it
   */
  Future<Integer> dropNode(String node);

  /** Keys in the table (on this member's share of it, for a distributed table): a gauge. */
  long localKeys();
}
