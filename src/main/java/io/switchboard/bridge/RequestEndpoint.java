package io.switchboard.bridge;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * One request address for backends: every node registers it, the event bus sends each request to
 * one of them, and a body that is not a JSON object fails with 400.
 */
public abstract class RequestEndpoint {
  private final EventBus eventBus;
  private final String address;
  private MessageConsumer<Object> consumer;

  RequestEndpoint(EventBus eventBus, String address) {
    this.eventBus = eventBus;
    this.address = address;
  }

  public Future<Void> start() {
    consumer = eventBus.consumer(address, request -> {
      if (request.body() instanceof JsonObject body) {
        handle(request, body);
      } else {
        request.fail(400, "the body must be a JSON object");
      }
    });
    return consumer.completion();
  }

  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** One request with a JSON object body; replies or fails it. */
  abstract void handle(Message<Object> request, JsonObject body);
}
