package io.switchboard.interest;

import com.hazelcast.map.EntryProcessor;
import java.util.Arrays;
import java.util.Map;

/**
 * The entry processors of {@link HazelcastInterestTable}. Each runs on the member that owns the
 * key's partition, then on its backup, so each change of a key is atomic. A value is the array of
 * node ids that want the key; a key no node wants has no entry.
 */
final class InterestProcessors {
  private InterestProcessors() {}

  /** Adds a node; true when it was not there. */
  record Add(String node) implements EntryProcessor<String, String[], Boolean> {
    @Override
    public Boolean process(Map.Entry<String, String[]> entry) {
      String[] nodes = entry.getValue();
      if (nodes == null) {
        entry.setValue(new String[] {node});
        return true;
      }
      if (indexOf(nodes, node) >= 0) {
        return false;
      }
      String[] more = Arrays.copyOf(nodes, nodes.length + 1);
      more[nodes.length] = node;
      entry.setValue(more);
      return true;
    }
  }

  /** Removes a node (the entry goes with the last); true when it was there. */
  record Remove(String node) implements EntryProcessor<String, String[], Boolean> {
    @Override
    public Boolean process(Map.Entry<String, String[]> entry) {
      String[] nodes = entry.getValue();
      int at = nodes == null ? -1 : indexOf(nodes, node);
      if (at < 0) {
        return false;
      }
      if (nodes.length == 1) {
        entry.setValue(null);
        return true;
      }
      String[] fewer = new String[nodes.length - 1];
      System.arraycopy(nodes, 0, fewer, 0, at);
      System.arraycopy(nodes, at + 1, fewer, at, nodes.length - at - 1);
      entry.setValue(fewer);
      return true;
    }
  }

  static int indexOf(String[] nodes, String node) {
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i].equals(node)) {
        return i;
      }
    }
    return -1;
  }
}
