package io.switchboard.channel;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Makes a new registration truthful. Vert.x's clustered event bus keeps, on each node, the nodes
 * an address it has sent to is registered on, and learns of a new registration from Hazelcast's
 * entry events a few milliseconds after it is written; until then a node that already routes the
 * address does not send there. So after this node registers an address, it asks every other node
 * to publish a marker on it and then to answer; a node whose answer comes before its marker (both
 * travel on the one connection between the two nodes, in order) did not route the address here
 * yet, and is asked again. Once every node's marker has arrived, everything those nodes publish
 * on the address later arrives too.
 *
 * <p>Markers are ordinary messages on the address with the {@link #HEADER} header and an empty
 * body: a consumer of a routed address drops every message with an empty body (no frame has one)
 * and gives it to {@link #markerArrived}. A member
 * that does not answer on {@code switchboard.routes.<nodeId>} (a backend, or a node still
 * starting: neither has routed the address from an older view) is not waited for; one that stays
 * silent for {@link #REQUEST_TIMEOUT_MS} (frozen) or never routes a marker here within
 * {@link #MAX_ATTEMPTS} is given up on and counted ({@link #unconfirmed()}).
 */
public final class RouteCheck {
  /** The header that marks a route check's marker; its value is {@code "<nonce> <nodeId>"}. */
  public static final String HEADER = "switchboard-route-check";
  static final String ADDRESS_PREFIX = "switchboard.routes.";
  static final long RETRY_MS = 5;
  static final int MAX_ATTEMPTS = 400;
  static final long REQUEST_TIMEOUT_MS = 2000;

  /** No cluster: every registration is live at once. */
  public static final RouteCheck NONE = new RouteCheck(null, null);

  private final Vertx vertx;
  private final ClusterManager cluster;
  private final Map<String, Set<String>> markers = new ConcurrentHashMap<>();
  private final AtomicLong nonces = new AtomicLong();
  private final LongAdder unconfirmed = new LongAdder();
  private MessageConsumer<JsonObject> consumer;

  /** {@code cluster} null: no other node to ask. */
  public RouteCheck(Vertx vertx, ClusterManager cluster) {
    this.vertx = vertx;
    this.cluster = cluster;
  }

  /** Registers this node's answering consumer; before the node serves anyone. */
  public Future<Void> start() {
    if (cluster == null) {
      return Future.succeededFuture();
    }
    consumer = vertx.eventBus().consumer(ADDRESS_PREFIX + cluster.getNodeId(), this::answer);
    return consumer.completion();
  }

  /** Unregisters the answering consumer. */
  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** Route checks given up on: a node frozen, or one that did not route the address here in time. */
  public long unconfirmed() {
    return unconfirmed.sum();
  }

  /**
   * Completes (never fails) once every other node routes {@code address} to this node, or was given
   * up on, or is no longer {@code wanted} (its consumer closed: nothing to confirm for). Call it
   * after this node's consumer of {@code address} is registered.
   */
  public Future<Void> confirm(String address, BooleanSupplier wanted) {
    if (cluster == null) {
      return Future.succeededFuture();
    }
    String self = cluster.getNodeId();
    List<String> peers = new ArrayList<>(cluster.getNodes());
    peers.remove(self);
    if (peers.isEmpty()) {
      return Future.succeededFuture();
    }
    String nonce = self + "/" + nonces.incrementAndGet();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    markers.put(nonce, seen);
    JsonObject ask = new JsonObject().put("address", address).put("nonce", nonce);
    List<Future<Void>> all = new ArrayList<>(peers.size());
    for (String peer : peers) {
      all.add(confirmWith(peer, ask, seen, wanted, 1));
    }
    return Future.join(all).<Void>mapEmpty().andThen(ar -> markers.remove(nonce));
  }

  /**
   * A message with an empty body arrived on a routed address (no frame is empty, a marker is):
   * when it is a marker that answers one of this node's checks, it is recorded.
   */
  public void markerArrived(Message<?> message) {
    String marker = message.headers().get(HEADER);
    int space = marker == null ? -1 : marker.indexOf(' ');
    Set<String> seen = space > 0 ? markers.get(marker.substring(0, space)) : null;
    if (seen != null) {
      seen.add(marker.substring(space + 1));
    }
  }

  private Future<Void> confirmWith(String peer, JsonObject ask, Set<String> seen, BooleanSupplier wanted, int attempt) {
    DeliveryOptions timeout = new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MS);
    return vertx.eventBus().request(ADDRESS_PREFIX + peer, ask, timeout).transform(ar -> {
      if (ar.failed() && !(ar.cause() instanceof ReplyException e && e.failureType() == ReplyFailure.TIMEOUT)) {
        // no answering consumer: a member that is not a node, or a node still starting (neither
        // routes from an older view); or one that just left
        return Future.succeededFuture();
      }
      if (ar.succeeded() && (seen.contains(peer) || !wanted.getAsBoolean())) {
        return Future.succeededFuture();
      }
      if (ar.failed() || attempt >= MAX_ATTEMPTS) {
        unconfirmed.increment();
        return Future.succeededFuture();
      }
      Promise<Void> again = Promise.promise();
      vertx.setTimer(RETRY_MS, t -> confirmWith(peer, ask, seen, wanted, attempt + 1).onComplete(again));
      return again.future();
    });
  }

  /** Another node's check: publish its marker on the address, then answer. */
  private void answer(Message<JsonObject> request) {
    JsonObject body = request.body();
    String address = body == null ? null : body.getString("address");
    String nonce = body == null ? null : body.getString("nonce");
    // only the addresses routing registers: a check must not make this node publish anywhere else
    if (address == null || nonce == null || nonce.indexOf(' ') >= 0
        || !(address.startsWith(ChannelAddresses.CHANNEL_PREFIX) || address.startsWith(ChannelAddresses.USER_PREFIX))) {
      request.fail(400, "a route check names a channel or user address and a nonce");
      return;
    }
    vertx.eventBus().publish(address, new JsonObject(),
        new DeliveryOptions().addHeader(HEADER, nonce + " " + cluster.getNodeId()));
    request.reply(null);
  }
}
