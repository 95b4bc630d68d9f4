package io.switchboard.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testing.DockerImage;
import io.switchboard.testing.NetNamespace;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The image's promise, held without a Docker engine (none runs here): the Dockerfile's own {@code
 * ENV} and {@code ENTRYPOINT} (its JVM flags included) run the jar inside a network namespace of
 * its own, as a container's, reached from the test's namespace through a veth link as a published
 * port is. With a key the node serves that address; without one (dev mode) it stays on the
 * namespace's loopback, unreachable, and says why.
 */
@Tag("slow")
class DockerImageIT {
  private static final String HOST = "10.213.5.1";
  private static final String CONTAINER = "10.213.5.2";
  private static final String SECRET = "docker-image-secret-docker-image-secret-01";

  private static Process run(NetNamespace ns, String log, Map<String, String> extraEnv) throws IOException {
    DockerImage image = DockerImage.read(Path.of("Dockerfile"));
    List<String> command = new ArrayList<>(image.entrypoint());
    command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.set(command.size() - 1, Path.of("target", "switchboard.jar").toAbsolutePath().toString());
    Files.createDirectories(Path.of("target", "it-logs"));
    ProcessBuilder builder = new ProcessBuilder(ns.exec(command)).redirectErrorStream(true)
        .redirectOutput(Path.of("target", "it-logs", log).toFile());
    Map<String, String> env = new HashMap<>(image.env());
    env.put("SWITCHBOARD_CLUSTER_NAME", "docker-image-" + UUID.randomUUID());
    env.put("SWITCHBOARD_CLUSTER_WAIT_BEFORE_JOIN", "0");
    env.put("SWITCHBOARD_JWT_SECRET", "");
    env.putAll(extraEnv);
    builder.environment().putAll(env);
    return builder.start();
  }

  private static void stop(Process p) throws InterruptedException {
    p.toHandle().destroy(); // SIGTERM, by its PID
    if (!p.waitFor(40, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
        .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withAKeyTheContainersPublishedPortServesClients() throws Exception {
    assumeTrue(NetNamespace.available(), "needs root for network namespaces (CI runs as root)");
    DockerImage image = DockerImage.read(Path.of("Dockerfile"));
    assertTrue(image.exposed().containsAll(List.of(8080, 9080, 5701, 5801)), image.exposed().toString());
    try (NetNamespace container = NetNamespace.create("sbimg")) {
      container.link(HOST, CONTAINER);
      Process node = run(container, "docker-image.log", Map.of("SWITCHBOARD_JWT_SECRET", SECRET));
      try {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> get("http://" + CONTAINER + ":8080/health/ready").statusCode() == 200);
        assertThrows(ConnectException.class, () -> get("http://" + CONTAINER + ":9080/stats"),
            "the API port stays on the container's loopback");

        String token = FirstRunIT.jar(Map.of("SWITCHBOARD_JWT_SECRET", SECRET), "token", "--sub", "alice")
            .output().lines().filter(l -> l.startsWith("ey")).findFirst().orElseThrow();
        LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create("ws://" + CONTAINER + ":8080/ws?token=" + token), new WebSocket.Listener() {
              private final StringBuilder text = new StringBuilder();

              @Override
              public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                  frames.add(new JsonObject(text.toString()));
                  text.setLength(0);
                }
                socket.request(1);
                return CompletableFuture.completedFuture(null);
              }
            }).get(10, TimeUnit.SECONDS);
        ws.sendText(new JsonObject().put("type", "subscribe").put("channel", "lobby").encode(), true);
        ws.sendText(new JsonObject().put("type", "message").put("channel", "lobby").put("content", "from the host").encode(), true);
        JsonObject message = null;
        for (int i = 0; i < 10 && message == null; i++) {
          JsonObject f = frames.poll(10, TimeUnit.SECONDS);
          assertTrue(f != null, "a frame within 10 s");
          if ("message".equals(f.getString("type"))) {
            message = f;
          }
        }
        assertEquals("from the host", message.getString("content"));
        assertEquals("alice", message.getString("sender"));
        ws.abort();
      } finally {
        stop(node);
      }
      String log = Files.readString(Path.of("target", "it-logs", "docker-image.log"), StandardCharsets.UTF_8);
      assertTrue(!log.contains("Picked up JAVA_TOOL_OPTIONS") && !log.contains("WARNING: "), log);
    }
  }

  @Test
  void withoutAKeyTheContainerStaysOnItsLoopbackAndSaysWhy() throws Exception {
    assumeTrue(NetNamespace.available(), "needs root for network namespaces (CI runs as root)");
    Path home = Files.createTempDirectory("switchboard-image-home");
    try (NetNamespace container = NetNamespace.create("sbimg")) {
      container.link("10.213.6.1", "10.213.6.2");
      Process node = run(container, "docker-image-dev.log", Map.of("JAVA_TOOL_OPTIONS", "-Duser.home=" + home));
      Path log = Path.of("target", "it-logs", "docker-image-dev.log");
      try {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
            .until(() -> Files.readString(log).contains("ws://127.0.0.1:8080/ws?token="));
        assertThrows(ConnectException.class, () -> get("http://10.213.6.2:8080/health"),
            "an unkeyed node is not reachable from outside");
        assertTrue(Files.readString(log).contains("DEV MODE: http.host 0.0.0.0 ignored"), Files.readString(log));
      } finally {
        stop(node);
      }
    }
  }
}
