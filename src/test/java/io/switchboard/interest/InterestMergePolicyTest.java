package io.switchboard.interest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.hazelcast.spi.merge.MergingValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** After a split-brain a key keeps every node and every reader either side had. */
class InterestMergePolicyTest {
  private final InterestMergePolicy policy = new InterestMergePolicy();

  private static MergingValue<InterestEntry> side(InterestEntry entry) {
    return new MergingValue<>() {
      @Override
      public InterestEntry getValue() {
        return entry;
      }

      @Override
      public Object getRawValue() {
        return entry;
      }
    };
  }

  private static InterestEntry entry(List<String> nodes, List<String> readers) {
    return new InterestEntry(nodes.toArray(String[]::new), readers.toArray(String[]::new));
  }

  @Test
  void bothSidesNodesAndReadersAreKept() {
    InterestEntry merged = (InterestEntry) policy.merge(
        side(entry(List.of("small-side"), List.of("r2"))), side(entry(List.of("big-side", "both"), List.of("r1"))));
    assertEquals(List.of("big-side", "both", "small-side"), merged.nodes());
    assertEquals(List.of("r1", "r2"), merged.readers());
  }

  @Test
  void aKeyOnlyOneSideHadIsKeptAsItIs() {
    InterestEntry only = entry(List.of("n1"), List.of());
    assertSame(only, policy.merge(side(only), null));
  }
}
