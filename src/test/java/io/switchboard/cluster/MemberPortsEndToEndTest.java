package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testing.TestCluster;
import io.switchboard.testing.TestNode;
import io.vertx.core.internal.VertxInternal;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A node whose {@code cluster.host} is loopback listens for member traffic on loopback only, as the
 * kernel reports its listening sockets ({@code /proc/net/tcp} and {@code tcp6}, Linux only).
 */
class MemberPortsEndToEndTest {
  @Test
  void hazelcastAndTheEventBusListenOnTheClusterHostOnly() throws IOException {
    assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc/net/tcp");
    try (TestNode node = TestNode.start("cluster.host=127.0.0.1", "cluster.port=17101")) {
      int hazelcastPort = TestCluster.hazelcast(node).getCluster().getLocalMember().getAddress().getPort();
      int eventBusPort = ((VertxInternal) node.node.vertx()).clusterManager().getNodeInfo().port();
      InetAddress loopback = InetAddress.getByName("127.0.0.1");
      assertEquals(Set.of(loopback), Set.copyOf(listening(hazelcastPort)), "Hazelcast port " + hazelcastPort);
      assertEquals(Set.of(loopback), Set.copyOf(listening(eventBusPort)), "event-bus port " + eventBusPort);
    }
  }

  /** The local addresses of the sockets listening on {@code port}, IPv4 and IPv6; none is absent. */
  private static List<InetAddress> listening(int port) throws IOException {
    List<InetAddress> addresses = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.isReadable(file)) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      for (String line : lines.subList(1, lines.size())) {
        // "  sl  local_address rem_address   st ...": local is HEXADDR:HEXPORT, st 0A is LISTEN
        String[] fields = line.trim().split("\\s+");
        String[] local = fields[1].split(":");
        if (fields[3].equals("0A") && Integer.parseInt(local[1], 16) == port) {
          addresses.add(address(local[0]));
        }
      }
    }
    assertFalse(addresses.isEmpty(), "nothing listens on port " + port);
    return addresses;
  }

  /** The kernel prints an address as 32-bit words, each in host (little-endian) byte order. */
  private static InetAddress address(String hex) throws IOException {
    byte[] bytes = HexFormat.of().parseHex(hex);
    for (int word = 0; word < bytes.length; word += 4) {
      for (int i = 0; i < 2; i++) {
        byte b = bytes[word + i];
        bytes[word + i] = bytes[word + 3 - i];
        bytes[word + 3 - i] = b;
      }
    }
    return InetAddress.getByAddress(bytes); // an IPv4-mapped IPv6 address comes back as IPv4
  }
}
