package io.switchboard.k8s;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RunningNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every metric the shipped Grafana dashboard queries is one a real node serves on {@code /metrics}. */
class GrafanaDashboardTest {
  private static final Pattern METRIC = Pattern.compile("\\b((?:switchboard|jvm|process|system)_[a-z_]+)\\b");

  @RegisterExtension
  static final RunningNode node = new RunningNode();

  @Test
  void everyQueriedMetricExists() throws Exception {
    JsonObject dashboard = new JsonObject(Files.readString(Path.of("k8s", "grafana-dashboard.json")));
    Set<String> queried = new TreeSet<>();
    for (Object panel : dashboard.getJsonArray("panels")) {
      for (Object target : ((JsonObject) panel).getJsonArray("targets", new JsonArray())) {
        Matcher m = METRIC.matcher(((JsonObject) target).getString("expr"));
        while (m.find()) {
          queried.add(m.group(1));
        }
      }
    }
    assertFalse(queried.isEmpty());
    HttpClient http = HttpClient.newHttpClient();
    // meters that appear with their first event: an API call (this one is refused, 401) and a GC
    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.apiPort() + "/api/info"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    Set<String> missing = new TreeSet<>(queried);
    try {
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
        System.gc();
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.apiPort() + "/metrics"))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
        for (String line : metrics.split("\n")) {
          if (!line.startsWith("#") && !line.isBlank()) {
            missing.remove(line.split("[{ ]", 2)[0]);
          }
        }
        return missing.isEmpty();
      });
    } catch (ConditionTimeoutException notAll) {
      // the assertion below names what is missing
    }
    assertTrue(missing.isEmpty(), () -> "queried by the dashboard, not served: " + missing);
  }
}
