package io.switchboard.api;

import io.switchboard.protocol.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The API listener, on its own port ({@link ApiConfig}): {@code POST /api/<method>} with a JSON
 * object body and an {@code X-API-Key} header, answered by {@link ServerApi}. Every answer is JSON;
 * a refusal is {@code {"error":{"code","message"}}} with a real status: 401 without a valid key
 * (checked before the body is read), 413 over {@code maxBodyBytes}, 400 for a body that is not a
 * JSON object or wrong parameters, 404 for an unknown method or path, 405 for another verb than
 * POST, 503 when the cluster cannot answer in time. Refusals are counted ({@link Outcomes}), never
 * logged: they are what a misconfigured or hostile caller does, not the node's trouble.
 *
 * <p>It also serves {@code GET /openapi.json} (this API's OpenAPI 3.1 description), {@code GET
 * /metrics} (Prometheus) and {@code GET /stats} (JSON) without a key:
 * the port is meant for the inside of the deployment only.
 */
public final class ApiListener {
  public static final String KEY_HEADER = "X-API-Key";
  /** Where the API's OpenAPI description is served, without a key. */
  public static final String OPENAPI_PATH = "/openapi.json";
  private static final String JSON = "application/json";

  /** What each call came to: a method (or "unknown") and the status answered. */
  @FunctionalInterface
  public interface Outcomes {
    void count(String method, int status);
  }

  /** The plain GET routes served beside the API: path → body and content type. */
  public record Page(String contentType, Supplier<String> body) {
  }

  private final ServerApi api;
  private final ApiKeys keys;
  private final Outcomes outcomes;
  private final Set<String> methods;
  private HttpServer server;

  private ApiListener(ServerApi api, ApiKeys keys, Outcomes outcomes, Set<String> methods) {
    this.api = api;
    this.keys = keys;
    this.outcomes = outcomes;
    this.methods = methods;
  }

  /**
   * Binds the listener.
   *
   * @param port the port to bind ({@link ApiConfig#effectivePort})
   * @param pages plain GET routes served without a key ({@code /metrics}, {@code /stats})
   */
  public static Future<ApiListener> bind(Vertx vertx, ApiConfig config, int port, ServerApi api, Outcomes outcomes,
      Map<String, Page> pages) {
    ApiListener listener = new ApiListener(api, ApiKeys.parse(config.keys()), outcomes, ServerApi.METHODS);
    Router router = Router.router(vertx);
    Buffer description = openApi();
    router.get(OPENAPI_PATH).handler(ctx ->
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
            .end(description));
    pages.forEach((path, page) -> router.get(path).handler(ctx ->
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, page.contentType()).end(page.body().get())));
    router.route("/api/*").handler(listener::authenticate);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
    router.post("/api/:method").handler(listener::call);
    router.route("/api/*").handler(ctx -> listener.refuse(ctx, null, 405, ErrorCode.BAD_REQUEST,
        "the API takes POST with a JSON object body"));
    router.route().handler(ctx -> listener.refuse(ctx, null, 404, ErrorCode.UNKNOWN_TYPE, "no such path"));
    router.route().failureHandler(listener::failed);
    HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(port)
        .setMaxInitialLineLength(4096).setMaxHeaderSize(8192).setIdleTimeout(60)
        // HTTP/1.1 only: a client's h2c upgrade attempt (java.net.http sends one on a GET) is
        // answered as plain HTTP/1.1 instead of switching protocols mid-request
        .setHttp2ClearTextEnabled(false);
    return vertx.createHttpServer(options).requestHandler(router).listen().map(server -> {
      listener.server = server;
      return listener;
    });
  }

  /** The API's OpenAPI 3.1 description, as served on {@link #OPENAPI_PATH}. */
  public static Buffer openApi() {
    try (InputStream in = ApiListener.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bound port. */
  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void authenticate(RoutingContext ctx) {
    Optional<String> key = keys.match(ctx.request().getHeader(KEY_HEADER));
    if (key.isEmpty()) {
      refuse(ctx, methodOf(ctx), 401, ErrorCode.UNAUTHORIZED, keys.isEmpty()
          ? "this node has no API keys configured (api.keys)"
          : "a valid " + KEY_HEADER + " header is required");
      return;
    }
    ctx.next();
  }

  private void call(RoutingContext ctx) {
    String method = methodOf(ctx);
    JsonObject params;
    try {
      params = ctx.body().buffer() == null || ctx.body().length() == 0 ? new JsonObject()
          : new JsonObject(ctx.body().buffer());
    } catch (DecodeException | ClassCastException e) {
      refuse(ctx, method, 400, ErrorCode.BAD_REQUEST, "the body must be a JSON object");
      return;
    }
    api.call(ctx.pathParam("method"), params).onComplete(ar -> {
      if (ar.succeeded()) {
        outcomes.count(method, 200);
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(ar.result().toBuffer());
      } else {
        ApiException e = ar.cause() instanceof ApiException a ? a
            : new ApiException(503, ErrorCode.UNAVAILABLE, "the cluster could not answer, try again");
        refuse(ctx, method, e.status(), e.code(), e.getMessage());
      }
    });
  }

  private void failed(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (status == 413) {
      refuse(ctx, methodOf(ctx), 413, ErrorCode.TOO_LARGE, "the body is larger than api.maxBodyBytes");
    } else if (status < 500) {
      refuse(ctx, methodOf(ctx), status, ErrorCode.BAD_REQUEST, "the request could not be read");
    } else {
      refuse(ctx, methodOf(ctx), 503, ErrorCode.UNAVAILABLE, "the request could not be served, try again");
    }
  }

  private void refuse(RoutingContext ctx, String method, int status, ErrorCode code, String message) {
    outcomes.count(method == null ? "none" : method, status);
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
    if (status == 401) {
      ctx.response().putHeader("WWW-Authenticate", "ApiKey header=\"" + KEY_HEADER + "\"");
    }
    if (status == 405) {
      ctx.response().putHeader(HttpHeaders.ALLOW, HttpMethod.POST.name());
    }
    ctx.response().end(new JsonObject().put("error", new JsonObject().put("code", code.wire()).put("message", message))
        .toBuffer());
  }

  /** The method named by the path, or "unknown": metrics keep a closed set of labels. */
  private String methodOf(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    String name = path.startsWith("/api/") ? path.substring("/api/".length()) : "";
    return methods.contains(name) ? name : "unknown";
  }
}
