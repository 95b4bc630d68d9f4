package io.switchboard.interest;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One key of the Hazelcast interest table: the nodes that want it, and the readers, the nodes that
 * keep a copy of that list ({@link InterestTable#read}) and are told when it changes. Kept while
 * either list has a node. Immutable; processors put a changed copy.
 */
public final class InterestEntry implements DataSerializable {
  private static final String[] NONE = new String[0];

  private String[] nodes;
  private String[] readers;

  /** For Hazelcast's deserialization. */
  public InterestEntry() {
    this(NONE, NONE);
  }

  InterestEntry(String[] nodes, String[] readers) {
    this.nodes = nodes;
    this.readers = readers;
  }

  static InterestEntry orEmpty(InterestEntry entry) {
    return entry != null ? entry : new InterestEntry();
  }

  /** The nodes that want the key. */
  public List<String> nodes() {
    return List.of(nodes);
  }

  /** The nodes that keep a copy of {@link #nodes()}. */
  public List<String> readers() {
    return List.of(readers);
  }

  boolean isEmpty() {
    return nodes.length == 0 && readers.length == 0;
  }

  boolean hasNode(String node) {
    return Arrays.asList(nodes).contains(node);
  }

  boolean hasReader(String node) {
    return Arrays.asList(readers).contains(node);
  }

  InterestEntry withNode(String node, boolean present) {
    return new InterestEntry(change(nodes, node, present), readers);
  }

  InterestEntry withReader(String node, boolean present) {
    return new InterestEntry(nodes, change(readers, node, present));
  }

  /** Both lists of both entries (after a split-brain: no side's node or reader is lost). */
  InterestEntry union(InterestEntry other) {
    return new InterestEntry(union(nodes, other.nodes), union(readers, other.readers));
  }

  private static String[] change(String[] list, String node, boolean present) {
    Set<String> set = new LinkedHashSet<>(Arrays.asList(list));
    if (present) {
      set.add(node);
    } else {
      set.remove(node);
    }
    return set.toArray(NONE);
  }

  private static String[] union(String[] a, String[] b) {
    Set<String> set = new LinkedHashSet<>(Arrays.asList(a));
    set.addAll(Arrays.asList(b));
    return set.toArray(NONE);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeStringArray(nodes);
    out.writeStringArray(readers);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    nodes = in.readStringArray();
    readers = in.readStringArray();
  }
}
