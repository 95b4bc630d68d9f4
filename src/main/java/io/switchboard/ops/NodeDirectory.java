package io.switchboard.ops;

import io.switchboard.cluster.ClusterMembership;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;

/**
 * The API's {@code info}: every gateway of the cluster answers its own counts on
 * {@code switchboard.info.<node id>} (one registration per node), and {@link #info} asks each of
 * them, so the answer is the same from any node. A node that does not answer within
 * {@link #ASK_TIMEOUT_MS} is listed as unreachable rather than failing the whole call.
 */
final class NodeDirectory {
  static final String PREFIX = "switchboard.info.";
  static final long ASK_TIMEOUT_MS = 2000;

  private final Vertx vertx;
  private final String self;
  private final ClusterMembership membership;
  private final Supplier<JsonObject> own;
  private MessageConsumer<Object> consumer;

  NodeDirectory(Vertx vertx, String self, ClusterMembership membership, Supplier<JsonObject> own) {
    this.vertx = vertx;
    this.self = self;
    this.membership = membership;
    this.own = own;
  }

  Future<Void> start() {
    consumer = vertx.eventBus().consumer(PREFIX + self, request -> request.reply(own.get()));
    return consumer.completion();
  }

  Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** {@code {nodes: [...]}}, each node's counts (or {@code {node, unreachable: true}}), oldest first. */
  Future<JsonObject> info() {
    List<String> nodes = membership.dataNodes();
    DeliveryOptions ask = new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS);
    List<Future<JsonObject>> answers = nodes.stream()
        .map(node -> node.equals(self) ? Future.succeededFuture(own.get())
            : vertx.eventBus().<JsonObject>request(PREFIX + node, null, ask).map(Message::body)
                .otherwise(err -> new JsonObject().put("node", node).put("unreachable", true)))
        .toList();
    return Future.join(answers).map(v -> new JsonObject()
        .put("nodes", new JsonArray(answers.stream().map(Future::result).toList())));
  }
}
