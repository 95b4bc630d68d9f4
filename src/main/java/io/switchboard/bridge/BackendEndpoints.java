package io.switchboard.bridge;

import io.vertx.core.Future;

/** The event-bus addresses a node answers for backends, started and stopped together. */
public record BackendEndpoints(PublishEndpoint publish, HistoryEndpoint history, DirectEndpoint direct,
    ObserveEndpoint observe) {
  /** Registers every address; completes when all are registered. */
  public Future<Void> start() {
    return Future.all(publish.start(), history.start(), direct.start(), observe.start()).mapEmpty();
  }

  /** Unregisters every address; completes when all are done, whether or not each succeeded. */
  public Future<Void> stop() {
    return Future.join(publish.stop(), history.stop(), direct.stop(), observe.stop()).mapEmpty();
  }
}
