package io.switchboard.ops;

import io.switchboard.transport.HttpReply;
import io.switchboard.transport.HttpRoutes;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The plain HTTP routes next to the WebSocket endpoint: {@code GET /health} (joined? how many
 * members?), {@code /health/ready} (200 when joined and not draining, else 503: the readiness
 * probe) and {@code /health/live} (503 while any one event loop is stuck, else 200: the liveness
 * probe), and the
 * JavaScript client, {@code /js/switchboard.js} with its types {@code /js/switchboard.d.ts}, and its
 * React bindings, {@code /js/switchboard-react.js} and {@code /js/switchboard-react.d.ts}
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
  private static final HttpReply REACT_HOOKS = script("switchboard-react.js", "text/javascript; charset=utf-8");
  private static final HttpReply REACT_TYPES = script("switchboard-react.d.ts", "application/typescript; charset=utf-8");

  private static final HttpReply DEMO = page("demo.html");
  private static final Pattern DEMO_USER = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

  private final NodeStats stats;
  private final Function<String, String> devTokens;

  /**
   * @param devTokens mints a one-hour token for a user, in dev mode only (null otherwise): the demo
   *     page's {@code /demo/token?user=NAME}
   */
  HttpEndpoints(NodeStats stats, Function<String, String> devTokens) {
    this.stats = stats;
    this.devTokens = devTokens;
  }

  @Override
  public HttpReply handle(String method, String path, Map<String, List<String>> query) {
    if (!method.equals("GET")) { // HEAD comes here as GET: the edge drops the body
      return HttpReply.status(405).withHeader("Allow", "GET, HEAD");
    }
    return switch (path) {
      case "/health" -> {
        JsonObject health = stats.health();
        yield json("UP".equals(health.getString("status")) ? 200 : 503, health);
      }
      case "/health/ready" -> json(stats.ready() ? 200 : 503, new JsonObject().put("ready", stats.ready()));
      case "/health/live" -> {
        JsonObject liveness = stats.liveness();
        yield json(liveness.getBoolean("live") ? 200 : 503, liveness);
      }
      case "/js/switchboard.js" -> CLIENT;
      case "/js/switchboard.d.ts" -> CLIENT_TYPES;
      case "/js/switchboard-react.js" -> REACT_HOOKS;
      case "/js/switchboard-react.d.ts" -> REACT_TYPES;
      case "/demo", "/demo/" -> DEMO;
      case "/demo/token" -> devToken(query);
      default -> HttpReply.status(404);
    };
  }

  /**
   * A token for the demo page's user: dev mode only (a node with a configured key never mints one:
   * 404), for a name the demo accepts (else 400).
   */
  private HttpReply devToken(Map<String, List<String>> query) {
    if (devTokens == null) {
      return HttpReply.status(404);
    }
    List<String> users = query.getOrDefault("user", List.of());
    if (users.size() != 1 || !DEMO_USER.matcher(users.get(0)).matches()) {
      return json(400, new JsonObject().put("error", "user: 1-32 characters of A-Z a-z 0-9 _ . -"));
    }
    return json(200, new JsonObject().put("user", users.get(0)).put("token", devTokens.apply(users.get(0))))
        .withHeader("Cache-Control", "no-store");
  }

  /** The demo page, read once from the jar. */
  private static HttpReply page(String name) {
    return file("/io/switchboard/demo/" + name, "text/html; charset=utf-8").withHeader("Cache-Control", "no-cache");
  }

  /** A file of the JavaScript client, read once from the jar. */
  private static HttpReply script(String name, String contentType) {
    return file("/io/switchboard/js/" + name, contentType).withHeader("Cache-Control", CACHE)
        .withHeader("Access-Control-Allow-Origin", "*");
  }

  private static HttpReply file(String resource, String contentType) {
    try (java.io.InputStream in = HttpEndpoints.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the jar");
      }
      return new HttpReply(200, contentType, in.readAllBytes());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static HttpReply json(int status, JsonObject body) {
    return HttpReply.text(status, JSON, body.encode());
  }
}
