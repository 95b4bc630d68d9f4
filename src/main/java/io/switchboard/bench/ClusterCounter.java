package io.switchboard.bench;

import java.util.List;

/**
 * One counter of the gateway's {@code /metrics}, summed over every node of a cluster (its series
 * with any tags): how much work the whole cluster did between two readings.
 */
final class ClusterCounter {
  private final String name;
  private final List<Integer> httpPorts;

  /** {@code httpPorts}: each node's HTTP port on 127.0.0.1. */
  ClusterCounter(String name, List<Integer> httpPorts) {
    this.name = name;
    this.httpPorts = List.copyOf(httpPorts);
  }

  boolean isEmpty() {
    return httpPorts.isEmpty();
  }

  /** The sum over the nodes, now. */
  double read(LoadClient c) {
    double sum = 0;
    for (int port : httpPorts) {
      sum += sumOf(c.getText("127.0.0.1", port, "/metrics", 5000), name);
    }
    return sum;
  }

  /** The sum of every series of {@code name} in a Prometheus text document. */
  static double sumOf(String text, String name) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
      }
    }
    return sum;
  }
}
