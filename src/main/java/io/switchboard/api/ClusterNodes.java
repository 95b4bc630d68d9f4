package io.switchboard.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The gateways of the cluster, as the API reaches them: each runs a command on its own sessions
 * and answers. A command is {@code {op, ...}}:
 * <ul>
 *   <li>{@code {op: "info"}} → the node's counts, {@code node} and {@code version} among them;
 *   <li>{@code {op: "disconnect", user, code, reason}} → {@code {node, sessions}} closed;
 *   <li>{@code {op: "unsubscribe", user, channel}} → {@code {node, sessions}} unsubscribed;
 *   <li>{@code {op: "channels", pattern, limit}} → {@code {node, channels: {name: subscriptions}}};
 *   <li>{@code {op: "drain", periodMs?}} → {@code {node, draining, sessions}}: the node drains
 *       (its sockets closed in waves over the period, the configured one without it) and leaves.
 * </ul>
 */
public interface ClusterNodes {
  /** The id of the node this API runs on. */
  String self();

  /**
   * Runs {@code command} on one gateway node; fails with {@link java.util.NoSuchElementException}
   * when no gateway of the cluster has that id, or when it does not answer in time.
   */
  Future<JsonObject> ask(String node, JsonObject command);

  /**
   * Runs {@code command} on every gateway node, this one included, and completes with one answer
   * per node; a node that does not answer in time is {@code {node, unreachable: true}}.
   */
  Future<List<JsonObject>> askAll(JsonObject command);
}
