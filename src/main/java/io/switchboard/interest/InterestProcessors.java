package io.switchboard.interest;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Map;

/**
 * The entry processors of {@link HazelcastInterestTable}. Each runs on the member that owns the
 * key's partition, then on its backup, so each change of a key is atomic. A key without nodes and
 * readers has no entry. They are {@link DataSerializable} (a node id each), not Java-serialized:
 * every connection and first subscription sends one to the key's owner and on to its backup, and
 * Java serialization's class descriptors were a quarter of the other members' sampled Java time in
 * a connection storm.
 */
public final class InterestProcessors {
  private InterestProcessors() {}

  private static void put(Map.Entry<String, InterestEntry> entry, InterestEntry value) {
    entry.setValue(value.isEmpty() ? null : value);
  }

  /** A processor about one node; for Hazelcast's deserialization each has a public no-argument constructor. */
  abstract static class OfNode<R> implements EntryProcessor<String, InterestEntry, R>, DataSerializable {
    String node;

    OfNode(String node) {
      this.node = node;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(node);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      node = in.readString();
    }
  }

  /** Adds a node; returns the readers, who must drop their copy of the key's nodes. */
  public static final class Add extends OfNode<ArrayList<String>> {
    public Add() {
      this(null);
    }

    Add(String node) {
      super(node);
    }

    @Override
    public ArrayList<String> process(Map.Entry<String, InterestEntry> entry) {
      InterestEntry current = InterestEntry.orEmpty(entry.getValue());
      if (!current.hasNode(node)) {
        put(entry, current.withNode(node, true));
      }
      return new ArrayList<>(current.readers());
    }
  }

  /** Removes a node; returns the readers. */
  public static final class Remove extends OfNode<ArrayList<String>> {
    public Remove() {
      this(null);
    }

    Remove(String node) {
      super(node);
    }

    @Override
    public ArrayList<String> process(Map.Entry<String, InterestEntry> entry) {
      InterestEntry current = entry.getValue();
      if (current == null) {
        return new ArrayList<>();
      }
      if (current.hasNode(node)) {
        put(entry, current.withNode(node, false));
      }
      return new ArrayList<>(current.readers());
    }
  }

  /** Removes a lost node, as a node and as a reader; true when it was either. */
  public static final class Drop extends OfNode<Boolean> {
    public Drop() {
      this(null);
    }

    Drop(String node) {
      super(node);
    }

    @Override
    public Boolean process(Map.Entry<String, InterestEntry> entry) {
      InterestEntry current = entry.getValue();
      if (current == null || !(current.hasNode(node) || current.hasReader(node))) {
        return false;
      }
      put(entry, current.withNode(node, false).withReader(node, false));
      return true;
    }
  }

  /** Returns the key's nodes and records the caller (the node) as a reader of them. */
  public static final class Read extends OfNode<ArrayList<String>> {
    public Read() {
      this(null);
    }

    Read(String reader) {
      super(reader);
    }

    @Override
    public ArrayList<String> process(Map.Entry<String, InterestEntry> entry) {
      InterestEntry current = InterestEntry.orEmpty(entry.getValue());
      if (!current.hasReader(node)) {
        put(entry, current.withReader(node, true));
      }
      return new ArrayList<>(current.nodes());
    }
  }

  /** Removes a reader (the node): it no longer keeps a copy. */
  public static final class Forget extends OfNode<Boolean> {
    public Forget() {
      this(null);
    }

    Forget(String reader) {
      super(reader);
    }

    @Override
    public Boolean process(Map.Entry<String, InterestEntry> entry) {
      InterestEntry current = entry.getValue();
      if (current == null || !current.hasReader(node)) {
        return false;
      }
      put(entry, current.withReader(node, false));
      return true;
    }
  }

  /** Whether a lost node is among the key's nodes or readers (a filter for its removal). */
  record Names(String node) implements com.hazelcast.query.Predicate<String, InterestEntry> {
    @Override
    public boolean apply(Map.Entry<String, InterestEntry> entry) {
      InterestEntry value = entry.getValue();
      return value != null && (value.hasNode(node) || value.hasReader(node));
    }
  }
}
