package io.switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.auth.AuthConfig;
import io.switchboard.config.ConfigException;
import io.switchboard.config.NamespaceConfig;
import io.switchboard.presence.PresenceConfig;
import io.switchboard.session.HeartbeatConfig;
import io.switchboard.session.SessionLimits;
import io.switchboard.transport.HttpConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration layers: built-in defaults, a YAML file, the environment, {@code --set} flags. */
class ConfigLoaderTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  @TempDir
  Path dir;

  @Test
  void theBenchmarkConfigurationIsValidAndKeepsPresenceOnlyWhereTheScenariosNeedIt() {
    SwitchboardConfig bench = SwitchboardConfig.fromJson(
        ConfigLoader.load(Path.of("conf", "bench.yaml"), Map.of("SWITCHBOARD_JWT_SECRET", SECRET), List.of()));
    assertTrue(bench.limits().messagesPerSecond() >= 1000, "publishers are not rate limited");
    assertTrue(bench.namespaces().stream().anyMatch(ns -> ns.name().equals("bench") && !ns.presence()));
    assertTrue(bench.namespaces().stream().anyMatch(ns -> ns.name().equals("bench-presence") && ns.presence()));
  }

  private Path yaml(String text) {
    Path file = dir.resolve("switchboard.yaml");
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static SwitchboardConfig load(Path file, Map<String, String> env, List<String> overrides) {
    return SwitchboardConfig.fromJson(ConfigLoader.load(file, env, overrides));
  }

  private static String failure(Runnable r) {
    return assertThrows(ConfigException.class, r::run).getMessage();
  }

  @Test
  void builtInDefaultsAreTheDocumentedOnes() {
    SwitchboardConfig config = load(null, Map.of(), List.of());
    assertEquals(new HttpConfig("127.0.0.1", 8080, 0, "/ws", List.of(), false, Duration.ofSeconds(10)), config.http());
    assertEquals(AuthConfig.defaults(), config.auth());
    assertFalse(config.auth().hasKey(), "no secret by default: dev mode");
    assertEquals(Duration.ofSeconds(10), config.auth().authTimeout());
    assertEquals(Duration.ofSeconds(5), config.auth().leeway());
    assertTrue(config.auth().requireExp());
    assertEquals(SessionLimits.DEFAULTS, config.limits());
    assertEquals(new SessionLimits(65_536, 100, 10, 50, 100, 50, 1_048_576, 8192), config.limits());
    assertEquals(new HeartbeatConfig(Duration.ofSeconds(30)), config.heartbeat());
    assertEquals(new PresenceConfig(Duration.ofMillis(100), 100), config.presence());
    assertEquals(List.of(new NamespaceConfig("", List.of("authenticated"), List.of("authenticated"), true)),
        config.namespaces());
  }

  @Test
  void theDocumentedDefaultsAreTheCodesFallbacks() {
    SwitchboardConfig documented = SwitchboardConfig.fromJson(ConfigLoader.defaults());
    SwitchboardConfig fallbacks = SwitchboardConfig.fromJson(new JsonObject());
    assertEquals(fallbacks.http(), documented.http());
    assertEquals(fallbacks.auth(), documented.auth());
    assertEquals(fallbacks.limits(), documented.limits());
    assertEquals(SessionLimits.DEFAULTS, documented.limits());
    assertEquals(fallbacks.heartbeat(), documented.heartbeat());
    assertEquals(HeartbeatConfig.DEFAULTS, documented.heartbeat());
    assertEquals(fallbacks.presence(), documented.presence());
    assertEquals(PresenceConfig.DEFAULTS, documented.presence());
  }

  /** Every leaf option of the defaults file, as a path of keys (list entries by index). */
  private static void leaves(Object node, List<Object> path, List<List<Object>> out) {
    if (node instanceof JsonObject o) {
      for (String key : o.fieldNames()) {
        List<Object> next = new ArrayList<>(path);
        next.add(key);
        leaves(o.getValue(key), next, out);
        out.add(next); // maps are options too: a misspelt section name must fail as well
      }
    } else if (node instanceof JsonArray a && !a.isEmpty() && a.getValue(0) instanceof JsonObject) {
      for (int i = 0; i < a.size(); i++) {
        List<Object> next = new ArrayList<>(path);
        next.add(i);
        leaves(a.getValue(i), next, out);
      }
    }
  }

  @Test
  void everyOptionOfTheDefaultsFileIsKnownAndAMisspeltOneAnywhereFails() {
    List<List<Object>> options = new ArrayList<>();
    leaves(ConfigLoader.defaults(), List.of(), options);
    assertTrue(options.size() >= 30, "the defaults file documents every option: " + options.size());
    for (List<Object> option : options) {
      JsonObject tree = ConfigLoader.defaults();
      Object parent = tree;
      for (Object key : option.subList(0, option.size() - 1)) {
        parent = key instanceof Integer i ? ((JsonArray) parent).getValue(i) : ((JsonObject) parent).getValue((String) key);
      }
      String key = (String) option.get(option.size() - 1);
      JsonObject section = (JsonObject) parent;
      section.put(key + "X", section.remove(key));
      String message = failure(() -> SwitchboardConfig.fromJson(tree));
      assertTrue(message.contains(key + "X"), option + " misspelt gives: " + message);
    }
  }

  @Test
  void aFileOverridesOnlyWhatItSets() {
    Path file = yaml("""
        http:
          port: 9000
        limits:
          maxPendingBytes: 2048
        heartbeat:
          interval: 5s
        """);
    SwitchboardConfig config = load(file, Map.of(), List.of());
    assertEquals(9000, config.http().port());
    assertEquals("127.0.0.1", config.http().host());
    assertEquals(2048, config.limits().maxPendingBytes());
    assertEquals(SessionLimits.DEFAULTS.maxSubscriptions(), config.limits().maxSubscriptions());
    assertEquals(Duration.ofSeconds(5), config.heartbeat().interval());
    assertEquals(PresenceConfig.DEFAULTS, config.presence());
  }

  @Test
  void listsInAFileReplaceTheDefaultList() {
    Path file = yaml("""
        namespaces:
          - name: chat
            subscribe: [authenticated]
            publish: ["claim:role=admin"]
            presence: false
        """);
    SwitchboardConfig config = load(file, Map.of(), List.of());
    assertEquals(List.of(new NamespaceConfig("chat", List.of("authenticated"), List.of("claim:role=admin"), false)),
        config.namespaces());
  }

  @Test
  void historyNeedsSizeAndTtlTogetherAndHasDefaultsForTheRest() {
    Path file = yaml("""
        namespaces:
          - name: chat
            subscribe: [authenticated]
            history: {size: 500, ttl: 10m}
        """);
    NamespaceConfig chat = load(file, Map.of(), List.of()).namespaces().get(0);
    assertEquals(new io.switchboard.history.HistoryPolicy(500, java.time.Duration.ofMinutes(10),
        NamespaceConfig.DEFAULT_META_TTL, NamespaceConfig.DEFAULT_MAX_RECOVER), chat.history());
    String onlySize = failure(() -> load(yaml("namespaces:\n  - {name: chat, history: {size: 10}}\n"), Map.of(), List.of()));
    assertTrue(onlySize.startsWith("namespaces['chat'].history.ttl: required"), onlySize);
    String onlyTtl = failure(() -> load(yaml("namespaces:\n  - {name: chat, history: {ttl: 1m}}\n"), Map.of(), List.of()));
    assertTrue(onlyTtl.startsWith("namespaces['chat'].history.size: required"), onlyTtl);
    String typo = failure(() -> load(yaml("namespaces:\n  - {name: chat, history: {size: 1, ttl: 1m, maxRecovr: 1}}\n"),
        Map.of(), List.of()));
    assertTrue(typo.contains("maxRecovr"), typo);
    assertEquals(null, load(yaml("namespaces:\n  - {name: chat}\n"), Map.of(), List.of()).namespaces().get(0).history(),
        "no history unless asked for");
  }

  @Test
  void anEmptyFileChangesNothing() {
    assertEquals(load(null, Map.of(), List.of()), load(yaml("# nothing\n"), Map.of(), List.of()));
  }

  @Test
  void environmentVariablesSetTheirOptions() {
    Map<String, String> env = Map.of(
        "SWITCHBOARD_HTTP_PORT", "9100",
        "SWITCHBOARD_HTTP_HOST", "0.0.0.0",
        "SWITCHBOARD_JWT_SECRET", SECRET,
        "UNRELATED", "ignored");
    SwitchboardConfig config = load(yaml("http:\n  port: 9000\n  host: 10.0.0.1\n"), env, List.of());
    assertEquals(9100, config.http().port(), "the environment wins over the file");
    assertEquals("0.0.0.0", config.http().host());
    assertEquals(SECRET, config.auth().secret());
    assertTrue(config.auth().hasKey());
  }

  @Test
  void everyOptionCanBeSetFromTheEnvironmentUnderItsPathInCapitals() {
    Map<String, String> names = ConfigLoader.environmentNames();
    for (String path : ConfigLoader.optionPaths(ConfigLoader.defaults(), "")) {
      assertEquals(path, names.get(ConfigLoader.envName(path)), path);
    }
    assertEquals("SWITCHBOARD_LIMITS_MAX_MESSAGE_BYTES", ConfigLoader.envName("limits.maxMessageBytes"));
    assertEquals("SWITCHBOARD_BRIDGE_TCP_MAX_FRAME_BYTES", ConfigLoader.envName("bridge.tcp.maxFrameBytes"));
    String digits = "12345678901234567890123456789012345";
    SwitchboardConfig config = load(null, Map.of(
        "SWITCHBOARD_LIMITS_MAX_MESSAGE_BYTES", "131072",
        "SWITCHBOARD_HTTP_COMPRESSION", "true",
        "SWITCHBOARD_DRAIN_PERIOD", "3s",
        "SWITCHBOARD_CLUSTER_MEMBERS", "10.0.0.1:5701,10.0.0.2:5701",
        "SWITCHBOARD_AUTH_JWT_SECRET", digits,
        "SWITCHBOARD_NAMESPACES", "[{name: chat, subscribe: [authenticated], publish: [authenticated]}]"), List.of());
    assertEquals(131072, config.limits().maxMessageBytes());
    assertTrue(config.http().compression());
    assertEquals(Duration.ofSeconds(3), config.drain().period());
    assertEquals(List.of("10.0.0.1:5701", "10.0.0.2:5701"), config.cluster().members());
    assertEquals(digits, config.auth().secret(), "a text option takes the value verbatim, digits and all");
    assertEquals(List.of("chat"), config.namespaces().stream().map(NamespaceConfig::name).toList());
  }

  @Test
  void aMisspelledEnvironmentVariableIsRefusedLikeAMisspelledOption() {
    String message = failure(() -> ConfigLoader.load(null, Map.of("SWITCHBOARD_HTTP_PROT", "9000"), List.of()));
    assertTrue(message.contains("SWITCHBOARD_HTTP_PROT") && message.contains("did you mean SWITCHBOARD_HTTP_PORT"), message);
    assertTrue(failure(() -> ConfigLoader.load(null, Map.of("SWITCHBOARD_NO_SUCH_THING", "1"), List.of()))
        .contains("unknown environment variable SWITCHBOARD_NO_SUCH_THING"));
    // the configuration file's variable, and variables of other programs, are not options
    ConfigLoader.load(null, Map.of("SWITCHBOARD_CONFIG", "x.yaml", "HOME", "/root", "SWITCHBOARDX", "y"), List.of());
  }

  @Test
  void emptyEnvironmentVariablesAreIgnored() {
    SwitchboardConfig config = load(null, Map.of("SWITCHBOARD_HTTP_PORT", "", "SWITCHBOARD_JWT_SECRET", ""), List.of());
    assertEquals(8080, config.http().port());
    assertFalse(config.auth().hasKey());
  }

  @Test
  void setFlagsWinOverTheEnvironmentAndAreReadAsYamlScalars() {
    SwitchboardConfig config = load(yaml("http:\n  port: 9000\n"), Map.of("SWITCHBOARD_HTTP_PORT", "9100"),
        List.of("http.port=9200", "http.compression=true", "presence.interval=250ms", "http.allowedOrigins=https://a,https://b"));
    assertEquals(9200, config.http().port());
    assertTrue(config.http().compression());
    assertEquals(Duration.ofMillis(250), config.presence().interval());
    assertEquals(List.of("https://a", "https://b"), config.http().allowedOrigins());
    JsonObject tree = ConfigLoader.load(null, Map.of(), List.of("http.port=9200"));
    assertEquals(9200, tree.getJsonObject("http").getValue("port"), "a number, not the text '9200'");
  }

  @Test
  void laterSetFlagsWinOverEarlierOnes() {
    assertEquals(2, load(null, Map.of(), List.of("http.port=1", "http.port=2")).http().port());
  }

  @Test
  void aSetFlagWithoutPathOrEqualsIsRefused() {
    assertTrue(failure(() -> ConfigLoader.load(null, Map.of(), List.of("http.port"))).contains("'http.port'"));
    assertTrue(failure(() -> ConfigLoader.load(null, Map.of(), List.of("=5"))).contains("path=value"));
  }

  @Test
  void unknownOptionsAreNamed() {
    assertTrue(failure(() -> load(null, Map.of(), List.of("limits.maxPendingByte=5"))).contains("limits.maxPendingByte"));
    assertTrue(failure(() -> load(null, Map.of(), List.of("htp.port=5"))).contains("htp"));
    Path file = yaml("auth:\n  jwt:\n    secrt: x\n");
    assertTrue(failure(() -> load(file, Map.of(), List.of())).contains("secrt"));
    Path ns = yaml("namespaces:\n  - name: chat\n    publsh: [authenticated]\n");
    assertTrue(failure(() -> load(ns, Map.of(), List.of())).contains("publsh"));
  }

  @Test
  void wronglyTypedValuesAreNamed() {
    assertTrue(failure(() -> load(yaml("http:\n  port: eighty\n"), Map.of(), List.of())).startsWith("http.port:"));
    assertTrue(failure(() -> load(null, Map.of("SWITCHBOARD_HTTP_PORT", "http"), List.of())).startsWith("http.port:"));
    assertTrue(failure(() -> load(null, Map.of(), List.of("http.port=70000"))).contains("between 0 and 65535"));
    assertTrue(failure(() -> load(yaml("http: 8080\n"), Map.of(), List.of())).startsWith("http: expected a section"));
    assertTrue(failure(() -> load(yaml("heartbeat:\n  interval: soon\n"), Map.of(), List.of()))
        .startsWith("heartbeat.interval:"));
    assertTrue(failure(() -> load(yaml("heartbeat:\n  interval: 10ms\n"), Map.of(), List.of()))
        .startsWith("heartbeat.interval: must be at least"));
    assertTrue(failure(() -> load(yaml("http:\n  compression: maybe\n"), Map.of(), List.of()))
        .startsWith("http.compression:"));
    assertTrue(failure(() -> load(yaml("http:\n  path: ws\n"), Map.of(), List.of())).startsWith("http.path:"));
    assertTrue(failure(() -> load(yaml("auth:\n  jwt:\n    requireExp: sometimes\n"), Map.of(), List.of()))
        .startsWith("auth.jwt.requireExp:"));
    assertTrue(failure(() -> load(yaml("namespaces: {name: chat}\n"), Map.of(), List.of())).startsWith("namespaces:"));
    assertTrue(failure(() -> load(yaml("namespaces:\n  - name: chat\n    subscribe: [\"bogus:rule\"]\n"),
        Map.of(), List.of())).contains("namespaces['chat'].subscribe"));
  }

  @Test
  void invalidYamlIsAConfigErrorNamingTheFile() {
    Path file = yaml("http:\n  port: [8080\n");
    String message = failure(() -> ConfigLoader.load(file, Map.of(), List.of()));
    assertTrue(message.contains(file.toString()) && message.contains("not valid YAML"), message);
    Path list = yaml("- http\n- auth\n");
    assertTrue(failure(() -> ConfigLoader.load(list, Map.of(), List.of())).contains("top level must be a map"));
  }

  @Test
  void aMissingFileIsAConfigError() {
    Path missing = dir.resolve("absent.yaml");
    assertTrue(failure(() -> ConfigLoader.load(missing, Map.of(), List.of())).contains("cannot read configuration file"));
  }

  @Test
  void aSecretUnder32BytesIsRefusedWithAClearMessage() {
    String message = failure(() -> load(null, Map.of("SWITCHBOARD_JWT_SECRET", "short-secret"), List.of()));
    assertTrue(message.contains("auth.jwt.secret") && message.contains("at least 32 bytes"), message);
    assertFalse(message.contains("short-secret"), "the secret itself is never printed: " + message);
    assertEquals(32, load(null, Map.of("SWITCHBOARD_JWT_SECRET", SECRET), List.of()).auth().secret().length());
  }
}
