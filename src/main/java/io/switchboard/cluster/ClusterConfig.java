package io.switchboard.cluster;

import io.switchboard.config.ConfigException;
import io.switchboard.config.ConfigSection;
import java.time.Duration;
import java.util.List;

/**
 * How a node finds and watches its peers (Hazelcast underneath).
 *
 * @param name nodes join only a cluster of the same name
 * @param host the interface for cluster traffic (Hazelcast and the event bus); loopback by default
 * @param port the first Hazelcast port tried; taken ports make it try the next ones
 * @param eventBusPort the event bus's port between members; 0 picks a free one (several nodes on
 *     one machine), a fixed one lets a firewall or NetworkPolicy name it
 * @param tls TLS between members on the event bus, {@link MemberTls#OFF} by default
 * @param members {@code host:port} of the peers to contact (TCP-IP discovery); each listed singly
 * @param kubernetesServiceDns when set, peers are found through this headless Service's DNS
 *     records instead of {@code members} (Hazelcast's Kubernetes DNS discovery, no RBAC needed)
 * @param hazelcastConfig a Hazelcast XML or YAML file that replaces every default above
 * @param heartbeat how often members tell each other they are alive
 * @param maxNoHeartbeat a member silent this long is removed (a frozen host): its presence goes
 * @param waitBeforeJoin how long a starting node listens for an existing cluster before it forms one
 */
public record ClusterConfig(
    String name,
    String host,
    int port,
    int eventBusPort,
    MemberTls tls,
    List<String> members,
    String kubernetesServiceDns,
    String hazelcastConfig,
    Duration heartbeat,
    Duration maxNoHeartbeat,
    Duration waitBeforeJoin) {

  public ClusterConfig {
    members = List.copyOf(members);
    for (String m : members) {
      if (!m.matches("[^:\\s]+:\\d{1,5}")) {
        throw new ConfigException("cluster.members: '" + m + "' is not host:port (list each member on its own, no ranges)");
      }
    }
    if (maxNoHeartbeat.compareTo(heartbeat.multipliedBy(2)) < 0) {
      throw new ConfigException("cluster.maxNoHeartbeat must be at least twice cluster.heartbeat");
    }
  }

  /** Reads the {@code cluster} section. */
  public static ClusterConfig from(ConfigSection root) {
    ConfigSection s = root.section("cluster", "name", "host", "port", "eventBusPort", "tls", "members", "kubernetesServiceDns",
        "hazelcastConfig", "heartbeat", "maxNoHeartbeat", "waitBeforeJoin");
    Duration second = Duration.ofSeconds(1);
    return new ClusterConfig(
        s.string("name", "switchboard"),
        s.string("host", "127.0.0.1"),
        s.integer("port", 5701, 1, 65535),
        s.integer("eventBusPort", 0, 0, 65535),
        MemberTls.from(s),
        s.strings("members"),
        s.string("kubernetesServiceDns", ""),
        s.string("hazelcastConfig", ""),
        s.duration("heartbeat", second, second),
        s.duration("maxNoHeartbeat", Duration.ofSeconds(5), Duration.ofSeconds(2)),
        s.duration("waitBeforeJoin", second, Duration.ZERO));
  }
}
