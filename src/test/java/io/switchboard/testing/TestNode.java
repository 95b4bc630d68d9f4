package io.switchboard.testing;

import io.switchboard.auth.TokenMinter;
import io.switchboard.cluster.KeyFingerprint;
import io.switchboard.history.ChannelStreams;
import io.switchboard.ops.ConfigLoader;
import io.switchboard.ops.Node;
import io.switchboard.ops.SwitchboardConfig;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real node on a loopback port 0 with two event loops, a known secret, and the built-in defaults
 * under the test's own options.
 */
public final class TestNode implements AutoCloseable {
  public static final String SECRET = "test-secret-test-secret-test-secret-0123";
  /** The API key every test node accepts, named "test". */
  public static final String API_KEY = "test-api-key-test-api-key-0123";

  public final Node node;
  public final SwitchboardConfig config;
  private final TokenMinter minter;

  private TestNode(Node node, SwitchboardConfig config) {
    this.node = node;
    this.config = config;
    this.minter = TokenMinter.create(node.vertx(), config.auth());
  }

  /** Starts a node; {@code overrides} are {@code path=value} pairs as for {@code --set}. */
  public static TestNode start(String... overrides) {
    return start(new JsonObject(), overrides);
  }

  /** Starts a node with {@code tree} merged over the defaults and {@code overrides}. */
  public static TestNode start(JsonObject tree, String... overrides) {
    List<String> all = new ArrayList<>(List.of("cluster.members=[]"));
    all.addAll(List.of(overrides));
    return startInCluster("test-" + UUID.randomUUID(), tree, all.toArray(new String[0]));
  }

  /** Starts a node of cluster {@code clusterName} (nodes of one test share a name, tests never do). */
  public static TestNode startInCluster(String clusterName, JsonObject tree, String... overrides) {
    SwitchboardConfig config = config(clusterName, tree, overrides);
    return start(config, KeyFingerprint.of(config.auth()), UnaryOperator.identity());
  }

  /** Starts a node of cluster {@code clusterName} whose history calls go through {@code streams}. */
  public static TestNode startInCluster(String clusterName, UnaryOperator<ChannelStreams> streams, String... overrides) {
    SwitchboardConfig config = config(clusterName, new JsonObject(), overrides);
    return start(config, KeyFingerprint.of(config.auth()), streams);
  }

  /**
   * Starts a node of cluster {@code clusterName} as {@code Main} does when no key is configured (dev
   * mode): under the no-key fingerprint, verifying tokens with a random secret of its own.
   */
  public static TestNode startDevMode(String clusterName, String... overrides) {
    List<String> all = new ArrayList<>(List.of(overrides));
    all.add("auth.jwt.secret=");
    SwitchboardConfig config = config(clusterName, new JsonObject(), all.toArray(new String[0]));
    String secret = UUID.randomUUID() + "-" + UUID.randomUUID();
    return start(config.withAuth(config.auth().withSecret(secret)), KeyFingerprint.of(config.auth()),
        UnaryOperator.identity());
  }

  private static SwitchboardConfig config(String clusterName, JsonObject tree, String... overrides) {
    List<String> all = new ArrayList<>(List.of(
        "http.port=0", "http.host=127.0.0.1", "http.instances=2", "auth.jwt.secret=" + SECRET,
        "cluster.name=" + clusterName, "cluster.waitBeforeJoin=0",
        "api.port=0", "api.keys=test:" + API_KEY));
    all.addAll(List.of(overrides));
    JsonObject merged = ConfigLoader.load(null, Map.of(), all);
    ConfigLoader.merge(merged, tree);
    return SwitchboardConfig.fromJson(merged);
  }

  private static TestNode start(SwitchboardConfig config, KeyFingerprint key, UnaryOperator<ChannelStreams> streams) {
    try {
      Node node = Node.start(config, key, streams).await(30, TimeUnit.SECONDS);
      return new TestNode(node, config);
    } catch (Exception e) {
      throw new IllegalStateException("node did not start", e);
    }
  }

  public int port() {
    return node.port();
  }

  /** The API listener's port. */
  public int apiPort() {
    return node.apiPort();
  }

  /** A token for {@code user}, valid one hour. */
  public String token(String user) {
    return minter.mint(user, Duration.ofHours(1), Map.of());
  }

  public String token(String user, Duration ttl, Map<String, Object> claims) {
    return minter.mint(user, ttl, claims);
  }

  /** The node's counts, as on {@code /stats}. */
  public JsonObject stats() {
    return node.stats().snapshot();
  }

  /** The value of one series of {@code GET /metrics} (its whole name, tags included), read over HTTP. */
  public double metric(String series) {
    try {
      String text = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.apiPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      for (String line : text.split("\n")) {
        if (line.startsWith(series + " ")) {
          return Double.parseDouble(line.substring(series.length() + 1).trim());
        }
      }
      throw new AssertionError("no series " + series + " in /metrics");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      node.stop().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
