package io.switchboard.interest;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How the interest table heals after a split-brain: a key keeps every node either side had
 * (Hazelcast's default, put-if-absent, would drop the smaller side's nodes of every key both sides
 * had, and those nodes' subscribers would hear nothing). A node the union keeps by mistake (it
 * lost interest on one side) is removed by that node itself on the first publication it did not
 * want. Configured on {@code switchboard.routes} by the built Hazelcast configuration; a Hazelcast
 * file of your own must name it there too.
 */
public final class InterestMergePolicy implements SplitBrainMergePolicy<String[], MergingValue<String[]>, Object> {

  /** Hazelcast makes it by name, on every member. */
  public InterestMergePolicy() {}

  @Override
  public Object merge(MergingValue<String[]> merging, MergingValue<String[]> existing) {
    if (existing == null) {
      return merging.getRawValue();
    }
    String[] kept = existing.getValue();
    Set<String> union = new LinkedHashSet<>(List.of(kept));
    union.addAll(List.of(merging.<String[]>getValue()));
    return union.size() == kept.length ? existing.getRawValue() : union.toArray(String[]::new);
  }

  @Override
  public void writeData(ObjectDataOutput out) {
    // no state
  }

  @Override
  public void readData(ObjectDataInput in) {
    // no state
  }
}
