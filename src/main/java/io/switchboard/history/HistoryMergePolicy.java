package io.switchboard.history;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * How the history map heals after a split-brain (Hazelcast's default, put-if-absent, would keep
 * one side's stream under an epoch the other side's subscribers also hold, with other publications
 * at the same offsets). Each channel's two streams become one by {@link ChannelStream#merge}: a
 * stream only one side published to is kept whole, under its epoch; two that both went on become
 * one under a new epoch, so that every subscriber of either side is told to resubscribe.
 * It needs only the values (no per-entry statistics). Configured on {@code switchboard.history} by
 * the built Hazelcast configuration; a Hazelcast file of your own must name it there too.
 */
public final class HistoryMergePolicy
    implements SplitBrainMergePolicy<ChannelStream, MergingValue<ChannelStream>, Object> {

  /** Hazelcast makes it by name, on every member. */
  public HistoryMergePolicy() {}

  @Override
  public Object merge(MergingValue<ChannelStream> merging, MergingValue<ChannelStream> existing) {
    if (existing == null) {
      return merging.getRawValue();
    }
    ChannelStream kept = existing.getValue();
    ChannelStream other = merging.getValue();
    ChannelStream merged = ChannelStream.merge(kept, other);
    if (merged == kept) {
      return existing.getRawValue();
    }
    return merged == other ? merging.getRawValue() : merged;
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
