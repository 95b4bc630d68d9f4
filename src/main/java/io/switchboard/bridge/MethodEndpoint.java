package io.switchboard.bridge;

import io.switchboard.api.ApiException;
import io.switchboard.api.ServerApi;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * One server-API method on an event-bus address, for backends on the event bus (cluster members,
 * and services bridged onto it): the request's body is the method's parameters, the reply its
 * result, and a refusal fails the request with the HTTP status the API would answer (400 bad
 * parameters, 404 a channel without history, 503 a cluster that cannot answer) and its message.
 * The addresses: {@code switchboard.publish} → {@code publish}, {@code switchboard.history} →
 * {@code history}, {@code switchboard.direct} → {@code direct} (see {@link ServerApi}).
 */
public final class MethodEndpoint extends RequestEndpoint {
  private final ServerApi api;
  private final String method;

  public MethodEndpoint(EventBus eventBus, String address, ServerApi api, String method) {
    super(eventBus, address);
    this.api = api;
    this.method = method;
  }

  @Override
  void handle(Message<Object> request, JsonObject body) {
    api.call(method, body).onComplete(ar -> {
      if (ar.succeeded()) {
        request.reply(ar.result());
      } else if (ar.cause() instanceof ApiException e) {
        request.fail(e.status(), e.getMessage());
      } else {
        request.fail(503, "the cluster could not answer, try again");
      }
    });
  }
}
