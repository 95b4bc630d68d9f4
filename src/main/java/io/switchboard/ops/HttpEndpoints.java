package io.switchboard.ops;

import io.switchboard.transport.HttpReply;
import io.switchboard.transport.HttpRoutes;
import io.vertx.core.json.JsonObject;

/**
 * The plain HTTP routes next to the WebSocket endpoint: {@code GET /health} (joined? how many
 * members?), {@code /health/ready} (200 when joined and not draining, else 503: the readiness
 * probe), {@code /health/live} (200 while the event loops answer: the liveness probe),
 * {@code /stats} (JSON counts) and {@code /metrics} (Prometheus). Everything else is 404.
 */
final class HttpEndpoints implements HttpRoutes {
  static final String JSON = "application/json";
  static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  private final NodeStats stats;
  private final GatewayMetrics metrics;

  HttpEndpoints(NodeStats stats, GatewayMetrics metrics) {
    this.stats = stats;
    this.metrics = metrics;
  }

  @Override
  public HttpReply handle(String method, String path) {
    if (!method.equals("GET")) {
      return HttpReply.status(405);
    }
    return switch (path) {
      case "/health" -> {
        JsonObject health = stats.health();
        yield json("UP".equals(health.getString("status")) ? 200 : 503, health);
      }
      case "/health/ready" -> json(stats.ready() ? 200 : 503, new JsonObject().put("ready", stats.ready()));
      case "/health/live" -> json(200, new JsonObject().put("live", true));
      case "/stats" -> json(200, stats.snapshot());
      case "/metrics" -> HttpReply.text(200, PROMETHEUS, metrics.scrape());
      default -> HttpReply.status(404);
    };
  }

  private static HttpReply json(int status, JsonObject body) {
    return HttpReply.text(status, JSON, body.encode());
  }
}
