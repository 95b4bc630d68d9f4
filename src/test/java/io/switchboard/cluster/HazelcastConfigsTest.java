package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MultiMapConfig;
import io.switchboard.config.ConfigException;
import io.switchboard.config.ConfigSection;
import io.switchboard.history.HistoryMergePolicy;
import io.switchboard.interest.InterestMergePolicy;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hazelcast configuration: built from the options, or replaced whole by a file. */
class HazelcastConfigsTest {
  private static ClusterConfig options(JsonObject cluster) {
    return ClusterConfig.from(ConfigSection.of("", new JsonObject().put("cluster", cluster), "cluster"));
  }

  @Test
  void theBuiltConfigurationHasVertxStructuresLoopbackDiscoveryAndFastFailureDetection() {
    Config config = HazelcastConfigs.fromOptions(options(new JsonObject().put("name", "c1")
        .put("members", "127.0.0.1:5701,127.0.0.1:5702")), KeyFingerprint.NONE);
    assertEquals("c1-dev", config.getClusterName());
    assertEquals("false", config.getProperty("hazelcast.socket.bind.any"), "listens on cluster.host only");
    assertEquals(MultiMapConfig.ValueCollectionType.SET, config.getMultiMapConfig("__vertx.subs").getValueCollectionType());
    assertEquals(InMemoryFormat.OBJECT, config.getMapConfig(HazelcastConfigs.PRESENCE_MAP).getInMemoryFormat());
    assertEquals(HistoryMergePolicy.class.getName(),
        config.getMapConfig(HazelcastConfigs.HISTORY_MAP).getMergePolicyConfig().getPolicy());
    assertEquals(InterestMergePolicy.class.getName(),
        config.getMapConfig(HazelcastConfigs.ROUTES_MAP).getMergePolicyConfig().getPolicy());
    assertFalse(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
    assertEquals(2, config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers().size());
    assertEquals("5", config.getProperty("hazelcast.max.no.heartbeat.seconds"));
  }

  @Test
  void allInterfacesLeaveHazelcastListeningOnEveryAddress() {
    Config config = HazelcastConfigs.fromOptions(options(new JsonObject().put("host", "0.0.0.0")), KeyFingerprint.NONE);
    assertFalse(config.getNetworkConfig().getInterfaces().isEnabled());
    assertNull(config.getProperty("hazelcast.socket.bind.any"));
  }

  @Test
  void kubernetesDiscoveryReplacesTheMemberList() {
    Config config = HazelcastConfigs.fromOptions(options(new JsonObject().put("kubernetesServiceDns", "switchboard-hz")),
        KeyFingerprint.NONE);
    assertTrue(config.getNetworkConfig().getJoin().getKubernetesConfig().isEnabled());
    assertEquals("switchboard-hz", config.getNetworkConfig().getJoin().getKubernetesConfig().getProperty("service-dns"));
    assertFalse(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
  }

  @Test
  void aNamedFileReplacesEveryOption(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("hz.yaml");
    Files.copy(Path.of("conf", "hazelcast.example.yaml"), file);
    Config config = HazelcastConfigs.build(options(new JsonObject().put("name", "ignored")
        .put("hazelcastConfig", file.toString())), KeyFingerprint.NONE);
    assertEquals("switchboard", config.getClusterName(), "the file's cluster name, not the option's nor the key's");
    assertEquals(InMemoryFormat.OBJECT, config.getMapConfig(HazelcastConfigs.PRESENCE_MAP).getInMemoryFormat());
    assertEquals(HistoryMergePolicy.class.getName(),
        config.getMapConfig(HazelcastConfigs.HISTORY_MAP).getMergePolicyConfig().getPolicy());
    assertEquals(InterestMergePolicy.class.getName(),
        config.getMapConfig(HazelcastConfigs.ROUTES_MAP).getMergePolicyConfig().getPolicy());
  }

  @Test
  void aMissingOrBrokenFileStopsTheStartWithItsName(@TempDir Path dir) throws IOException {
    ConfigException missing = assertThrows(ConfigException.class, () ->
        HazelcastConfigs.build(options(new JsonObject().put("hazelcastConfig", dir.resolve("nope.yaml").toString())),
            KeyFingerprint.NONE));
    assertTrue(missing.getMessage().contains("nope.yaml"));
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "hazelcast:\n  network: [not, a, map]\n");
    ConfigException invalid = assertThrows(ConfigException.class, () ->
        HazelcastConfigs.build(options(new JsonObject().put("hazelcastConfig", broken.toString())),
            KeyFingerprint.NONE));
    assertTrue(invalid.getMessage().contains("broken.yaml"), invalid.getMessage());
  }
}
