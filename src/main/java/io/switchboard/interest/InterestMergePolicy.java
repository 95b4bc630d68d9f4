package io.switchboard.interest;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * How the interest table heals after a split-brain: a key keeps every node and reader either side had
 * (Hazelcast's default, put-if-absent, would drop the smaller side's nodes of every key both sides
 * had, and those nodes' subscribers would hear nothing). A node the union keeps by mistake (it
 * lost interest on one side) is removed by that node itself on the first publication it did not
 * want. Configured on {@code switchboard.routes} by the built Hazelcast configuration; a Hazelcast
 * file of your own must name it there too.
 */
public final class InterestMergePolicy
    implements SplitBrainMergePolicy<InterestEntry, MergingValue<InterestEntry>, Object> {

  /** Hazelcast makes it by name, on every member. */
  public InterestMergePolicy() {}

  @Override
  public Object merge(MergingValue<InterestEntry> merging, MergingValue<InterestEntry> existing) {
    if (existing == null) {
      return merging.getRawValue();
    }
    InterestEntry kept = existing.getValue();
    return kept.union(merging.getValue());
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
