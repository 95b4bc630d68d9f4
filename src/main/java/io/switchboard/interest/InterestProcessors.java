package io.switchboard.interest;

import com.hazelcast.map.EntryProcessor;
import java.util.ArrayList;
import java.util.Map;

/**
 * The entry processors of {@link HazelcastInterestTable}. Each runs on the member that owns the
 * key's partition, then on its backup, so each change of a key is atomic. A key without nodes and
 * readers has no entry.
 */
final class InterestProcessors {
  private InterestProcessors() {}

  private static void put(Map.Entry<String, InterestEntry> entry, InterestEntry value) {
    entry.setValue(value.isEmpty() ? null : value);
  }

  /** Adds a node; returns the readers, who must drop their copy of the key's nodes. */
  record Add(String node) implements EntryProcessor<String, InterestEntry, ArrayList<String>> {
    @Override
    public ArrayList<String> process(Map.Entry<String, InterestEntry> entry) {
      InterestEntry current = InterestEntry.orEmpty(entry.getValue());
      if (!current.hasNode(node)) {
        put(entry, current.withNode(node, true));
      }
      return new ArrayList<>(current.readers());
    }
  }

  /** Removes a node (and, when the node was lost, its place among the readers); returns the readers. */
  record Remove(String node, boolean asReaderToo) implements EntryProcessor<String, InterestEntry, ArrayList<String>> {
    @Override
    public ArrayList<String> process(Map.Entry<String, InterestEntry> entry) {
      InterestEntry current = entry.getValue();
      if (current == null) {
        return new ArrayList<>();
      }
      InterestEntry changed = current.withNode(node, false);
      if (asReaderToo) {
        changed = changed.withReader(node, false);
      }
      if (current.hasNode(node) || (asReaderToo && current.hasReader(node))) {
        put(entry, changed);
      }
      return new ArrayList<>(changed.readers());
    }
  }

  /** Returns the key's nodes and records the caller as a reader of them. */
  record Read(String reader) implements EntryProcessor<String, InterestEntry, ArrayList<String>> {
    @Override
    public ArrayList<String> process(Map.Entry<String, InterestEntry> entry) {
      InterestEntry current = InterestEntry.orEmpty(entry.getValue());
      if (!current.hasReader(reader)) {
        put(entry, current.withReader(reader, true));
      }
      return new ArrayList<>(current.nodes());
    }
  }

  /** Removes a reader: it no longer keeps a copy. */
  record Forget(String reader) implements EntryProcessor<String, InterestEntry, Boolean> {
    @Override
    public Boolean process(Map.Entry<String, InterestEntry> entry) {
      InterestEntry current = entry.getValue();
      if (current == null || !current.hasReader(reader)) {
        return false;
      }
      put(entry, current.withReader(reader, false));
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
