package io.switchboard.ops;

import io.switchboard.transport.HttpReply;
import io.switchboard.transport.HttpRoutes;
import io.vertx.core.json.JsonObject;

/**
 * The plain HTTP routes next to the WebSocket endpoint: {@code GET /health} (joined? how many
 * members?), {@code /health/ready} (200 when joined and not draining, else 503: the readiness
 * probe) and {@code /health/live} (200 while the event loops answer: the liveness probe). Everything
 * else is 404: {@code /stats} and {@code /metrics} are on the API port, never on the port clients
 * reach ({@link io.switchboard.api.ApiListener}).
 */
final class HttpEndpoints implements HttpRoutes {
  static final String JSON = "application/json";
  static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  private final NodeStats stats;

  HttpEndpoints(NodeStats stats) {
    this.stats = stats;
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
      default -> HttpReply.status(404);
    };
  }

  private static HttpReply json(int status, JsonObject body) {
    return HttpReply.text(status, JSON, body.encode());
  }
}
