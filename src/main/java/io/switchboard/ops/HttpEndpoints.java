package io.switchboard.ops;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The plain HTTP routes next to the WebSocket endpoint: {@code GET /health} (liveness and
 * readiness) and {@code GET /stats} (the counts of {@link NodeStats}). Everything else is 404.
 */
final class HttpEndpoints {
  private final NodeStats stats;

  HttpEndpoints(NodeStats stats) {
    this.stats = stats;
  }

  void handle(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET) {
      request.response().setStatusCode(405).end();
      return;
    }
    switch (request.path()) {
      case "/health" -> json(request, 200, new JsonObject().put("status", "UP").put("node", stats.snapshot().getString("node")));
      case "/stats" -> json(request, 200, stats.snapshot());
      default -> request.response().setStatusCode(404).end();
    }
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toBuffer());
  }
}
