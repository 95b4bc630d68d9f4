package io.switchboard.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.config.ConfigException;
import io.switchboard.history.HistoryMergePolicy;
import io.switchboard.interest.InterestMergePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * The Hazelcast configuration of a node: from {@code cluster.hazelcastConfig} when set (it replaces
 * everything), else built from {@link ClusterConfig} with the structures Vert.x needs (those of its
 * {@code default-cluster.xml}) and the presence map, under a cluster name that carries the token
 * key's {@link KeyFingerprint}.
 */
public final class HazelcastConfigs {
  /** The IMap holding presence: channel → user → connection ids. */
  public static final String PRESENCE_MAP = "switchboard.presence";
  /** The IMap holding the streams of channels that keep history: channel → stream. */
  public static final String HISTORY_MAP = "switchboard.history";
  /** The IMap of interest: channel or user key → the nodes that want it. */
  public static final String ROUTES_MAP = "switchboard.routes";

  private static final Logger LOG = Logger.getLogger(HazelcastConfigs.class.getName());

  private HazelcastConfigs() {}

  /**
   * Makes the proxies of the node's maps. Hazelcast makes a map's proxy on its first use with a
   * call that waits for the cluster: this runs it once, on a thread that may wait (never an event
   * loop), so that the stores built on them later only find the proxies made.
   */
  public static void createMaps(HazelcastInstance hazelcast) {
    for (String map : new String[] {PRESENCE_MAP, HISTORY_MAP, ROUTES_MAP}) {
      hazelcast.getMap(map);
    }
  }

  /** Files in the working directory's {@code conf/} that replace the built configuration when present. */
  static final List<Path> CONVENTIONAL_FILES = List.of(Path.of("conf", "hazelcast.yaml"), Path.of("conf", "hazelcast.xml"));

  /**
   * The Hazelcast configuration: the file {@code cluster.hazelcastConfig} names, else
   * {@code conf/hazelcast.yaml} or {@code conf/hazelcast.xml} when one exists, else the one built
   * from {@link ClusterConfig} and {@code key}. Logs one line saying which nodes this one can join.
   */
  public static Config build(ClusterConfig cluster, KeyFingerprint key) {
    Path file = cluster.hazelcastConfig().isEmpty()
        ? CONVENTIONAL_FILES.stream().filter(Files::isRegularFile).findFirst().orElse(null)
        : Path.of(cluster.hazelcastConfig());
    if (file == null) {
      LOG.info(key.describe(cluster.name()));
      return fromOptions(cluster, key);
    }
    Config config = fromFile(file);
    LOG.info("Cluster: Hazelcast configuration from " + file + " replaces every cluster.* option; name '"
        + config.getClusterName() + "' as the file sets it, key fingerprint NOT applied (any node with that name"
        + " joins, whatever its token key)");
    return config;
  }

  /**
   * The configuration built from the options alone, named {@code key.clusterName(cluster.name())}.
   * Hazelcast listens on {@code cluster.host} only, unless that is 0.0.0.0.
   */
  public static Config fromOptions(ClusterConfig cluster, KeyFingerprint key) {
    Config config = new Config();
    config.setClusterName(key.clusterName(cluster.name()));
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // Vert.x and the node close Hazelcast in order on shutdown; Hazelcast's own hook would race them
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.heartbeat.interval.seconds", seconds(cluster.heartbeat().toMillis()));
    config.setProperty("hazelcast.max.no.heartbeat.seconds", seconds(cluster.maxNoHeartbeat().toMillis()));
    config.setProperty("hazelcast.wait.seconds.before.join", seconds(cluster.waitBeforeJoin().toMillis()));
    // nodes started at the same instant may form two clusters; merge them within seconds, not minutes
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(20);
    if (!cluster.host().equals("0.0.0.0")) {
      network.getInterfaces().setEnabled(true).addInterface(cluster.host());
      // the interface only picks the address to advertise; without this Hazelcast listens on all of them
      config.setProperty("hazelcast.socket.bind.any", "false");
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (!cluster.kubernetesServiceDns().isEmpty()) {
      join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", cluster.kubernetesServiceDns());
    } else {
      join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1).setMembers(cluster.members());
    }

    config.addMultiMapConfig(new MultiMapConfig("__vertx.subs")
        .setBackupCount(1).setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
    config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
    // OBJECT: entry processors change a channel's presence in place instead of deserializing it
    config.addMapConfig(new MapConfig(PRESENCE_MAP).setBackupCount(1).setInMemoryFormat(InMemoryFormat.OBJECT));
    // OBJECT too: an append changes the stream in place; each entry carries its own TTL (metaTtl)
    // and after a split-brain the two sides' streams of a channel are merged, not one dropped
    config.addMapConfig(new MapConfig(HISTORY_MAP).setBackupCount(1).setInMemoryFormat(InMemoryFormat.OBJECT)
        .setMergePolicyConfig(new MergePolicyConfig(HistoryMergePolicy.class.getName(), MergePolicyConfig.DEFAULT_BATCH_SIZE)));
    // OBJECT: only entry processors touch it (a node reads a key once and keeps a copy)
    config.addMapConfig(new MapConfig(ROUTES_MAP).setBackupCount(1).setInMemoryFormat(InMemoryFormat.OBJECT)
        .setMergePolicyConfig(new MergePolicyConfig(InterestMergePolicy.class.getName(), MergePolicyConfig.DEFAULT_BATCH_SIZE)));
    return config;
  }

  private static String seconds(long millis) {
    return Long.toString(Math.max(0, (millis + 999) / 1000));
  }

  private static Config fromFile(Path file) {
    if (!Files.isReadable(file)) {
      throw new ConfigException("cluster.hazelcastConfig: cannot read " + file);
    }
    try {
      return Config.loadFromFile(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("cluster.hazelcastConfig: " + file + " is not a valid Hazelcast configuration: "
          + e.getMessage());
    }
  }
}
