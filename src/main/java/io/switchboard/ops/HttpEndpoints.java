package io.switchboard.ops;

import io.switchboard.transport.HttpReply;
import io.switchboard.transport.HttpRoutes;
import io.vertx.core.json.JsonObject;

/**
 * The plain HTTP routes next to the WebSocket endpoint: {@code GET /health} (joined? how many
 * members?), {@code /health/ready} (200 when joined and not draining, else 503: the readiness
 * probe) and {@code /health/live} (200 while the event loops answer: the liveness probe), and the
 * JavaScript client, {@code /js/switchboard.js} with its types {@code /js/switchboard.d.ts}
 * (cached by browsers and proxies for five minutes, so a new version is picked up soon). Everything
 * else is 404: {@code /stats} and {@code /metrics} are on the API port, never on the port clients
 * reach ({@link io.switchboard.api.ApiListener}).
 */
final class HttpEndpoints implements HttpRoutes {
  static final String JSON = "application/json";
  static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
  private static final String CACHE = "public, max-age=300";
  private static final HttpReply CLIENT = script("switchboard.js", "text/javascript; charset=utf-8");
  private static final HttpReply CLIENT_TYPES = script("switchboard.d.ts", "application/typescript; charset=utf-8");

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
      case "/js/switchboard.js" -> CLIENT;
      case "/js/switchboard.d.ts" -> CLIENT_TYPES;
      default -> HttpReply.status(404);
    };
  }

  /** A file of the JavaScript client, read once from the jar. */
  private static HttpReply script(String name, String contentType) {
    try (java.io.InputStream in = HttpEndpoints.class.getResourceAsStream("/io/switchboard/js/" + name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      return new HttpReply(200, contentType, in.readAllBytes()).withHeader("Cache-Control", CACHE)
          .withHeader("Access-Control-Allow-Origin", "*");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static HttpReply json(int status, JsonObject body) {
    return HttpReply.text(status, JSON, body.encode());
  }
}
