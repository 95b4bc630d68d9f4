package io.switchboard.bridge;

import io.vertx.core.Future;
import java.util.List;

/** The event-bus addresses a node answers for backends, started and stopped together. */
public record BackendEndpoints(List<RequestEndpoint> endpoints) {
  public BackendEndpoints {
    endpoints = List.copyOf(endpoints);
  }

  /** Registers every address; completes when all are registered. */
  public Future<Void> start() {
    return Future.all(endpoints.stream().map(RequestEndpoint::start).toList()).mapEmpty();
  }

  /** Unregisters every address; completes when all are done, whether or not each succeeded. */
  public Future<Void> stop() {
    return Future.join(endpoints.stream().map(RequestEndpoint::stop).toList()).mapEmpty();
  }
}
