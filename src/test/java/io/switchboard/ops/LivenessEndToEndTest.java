package io.switchboard.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.concurrent.EventExecutor;
import io.switchboard.testing.RunningNode;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /health/live} fails while any one event loop is stuck, whichever loop answers the probe,
 * and {@code /metrics} carries the JVM's and the process's meters and each loop's lag.
 */
class LivenessEndToEndTest {
  @RegisterExtension
  static final RunningNode node = new RunningNode("http.instances=2", "health.loopStall=1s");

  private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    // a new connection each time: connections are spread over the loops in turn, so one of two
    // attempts reaches the loop that is not blocked
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The answer of the first attempt that gets one (an attempt on the blocked loop times out). */
  private static HttpResponse<String> probe() {
    for (int attempt = 0; attempt < 10; attempt++) {
      try {
        return get(node.port(), "/health/live");
      } catch (IOException | InterruptedException timedOut) {
        // served by the blocked loop: the next connection goes to the other
      }
    }
    throw new AssertionError("no loop answered /health/live in 10 attempts");
  }

  @Test
  void oneStuckLoopOfTwoFailsTheLivenessProbeUntilItRuns() throws Exception {
    HttpResponse<String> healthy = probe();
    assertEquals(200, healthy.statusCode(), healthy.body());
    assertEquals(2, new JsonObject(healthy.body()).getJsonArray("loopLagMs").size());

    // the node's first event loop (Vert.x 5 exposes its loops only internally)
    EventExecutor first = ((VertxInternal) node.node().node.vertx()).nettyEventLoopGroup().iterator().next();
    CountDownLatch release = new CountDownLatch(1);
    first.execute(() -> {
      try {
        release.await(20, TimeUnit.SECONDS); // a handler that blocks its loop
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> probe().statusCode() == 503);
      JsonObject stuck = new JsonObject(probe().body());
      assertEquals(false, stuck.getBoolean("live"), stuck.encode());
      assertTrue(stuck.getJsonArray("loopLagMs").stream().anyMatch(lag -> ((Number) lag).longValue() >= 1000),
          stuck.encode());
    } finally {
      release.countDown();
    }
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> probe().statusCode() == 200);
  }

  @Test
  void metricsCarryTheJvmTheProcessAndEachLoopsLag() throws Exception {
    String metrics = get(node.apiPort(), "/metrics").body();
    for (String meter : new String[] {"jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads{",
        "jvm_classes_loaded_classes{", "process_cpu_usage{", "system_cpu_count{", "process_files_open_files{",
        "process_files_max_files{", "process_uptime_seconds{", "switchboard_event_loop_lag_seconds{loop=\"0\"",
        "switchboard_event_loop_lag_seconds{loop=\"1\""}) {
      assertTrue(metrics.contains(meter), () -> meter + " missing from /metrics:\n" + metrics);
    }
  }
}
