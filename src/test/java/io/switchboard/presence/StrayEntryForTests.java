package io.switchboard.presence;

import com.hazelcast.map.EntryProcessor;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a presence entry behind the node's back, as a reordered cluster operation could. */
public record StrayEntryForTests(String user, String connection)
    implements EntryProcessor<String, LinkedHashMap<String, HashSet<String>>, Integer> {
  @Override
  public Integer process(Map.Entry<String, LinkedHashMap<String, HashSet<String>>> entry) {
    return new PresenceProcessors.Add(user, connection).process(entry);
  }
}
