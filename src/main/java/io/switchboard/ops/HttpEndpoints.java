package io.switchboard.ops;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The plain HTTP routes next to the WebSocket endpoint: {@code GET /health} (joined? how many
 * members?), {@code /health/ready} (200 when joined and not draining, else 503: the readiness
 * probe), {@code /health/live} (200 while the event loops answer: the liveness probe),
 * {@code /stats} (JSON counts) and {@code /metrics} (Prometheus). Everything else is 404.
 */
final class HttpEndpoints {
  private final NodeStats stats;
  private final GatewayMetrics metrics;

  HttpEndpoints(NodeStats stats, GatewayMetrics metrics) {
    this.stats = stats;
    this.metrics = metrics;
  }

  void handle(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET) {
      request.response().setStatusCode(405).end();
      return;
    }
    switch (request.path()) {
      case "/health" -> {
        JsonObject health = stats.health();
        json(request, "UP".equals(health.getString("status")) ? 200 : 503, health);
      }
      case "/health/ready" -> json(request, stats.ready() ? 200 : 503, new JsonObject().put("ready", stats.ready()));
      case "/health/live" -> json(request, 200, new JsonObject().put("live", true));
      case "/stats" -> json(request, 200, stats.snapshot());
      case "/metrics" -> request.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
          .end(metrics.scrape());
      default -> request.response().setStatusCode(404).end();
    }
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toBuffer());
  }
}
