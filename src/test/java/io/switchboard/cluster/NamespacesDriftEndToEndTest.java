package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.LogWatch;
import io.switchboard.testing.TestCluster;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * Nodes of one cluster are meant to share their namespaces; one that joins with others (a
 * forgotten flag, a config file out of date) is named in a warning, since each node then serves
 * those channels by its own rules. Nodes with the same namespaces say nothing.
 */
class NamespacesDriftEndToEndTest {
  @Test
  void aNodeWithOtherNamespacesIsWarnedOfAndOneWithTheSameIsNot() {
    try (TestCluster cluster = TestCluster.start(16701, 1); LogWatch logs = LogWatch.start()) {
      cluster.startNode(); // the same namespaces
      assertTrue(logs.records().stream().noneMatch(NamespacesDriftEndToEndTest::drift), "the same namespaces: no warning");
      cluster.startNode("namespaces=[{name: chat, subscribe: [authenticated], publish: [authenticated]}]");
      assertTrue(logs.records().stream().anyMatch(NamespacesDriftEndToEndTest::drift), "other namespaces are named");
    }
  }

  private static boolean drift(LogRecord r) {
    return String.valueOf(r.getMessage()).contains("runs with other namespaces than this node");
  }
}
