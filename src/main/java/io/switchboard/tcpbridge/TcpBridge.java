package io.switchboard.tcpbridge;

import io.switchboard.api.ApiKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The TCP event-bus bridge: services that never join the cluster speak vertx-tcp-eventbus-bridge's
 * wire protocol to a node and reach the event bus through it, within the permissions of
 * {@link TcpBridgeConfig}. Each connection is a {@link BridgeConnection} on its own event loop.
 *
 * <p>Why not that library itself: read at 5.0.7, it buffers a frame of any announced length (an
 * unauthenticated peer makes the node hold whatever it sends), leaks the consumer when an address
 * is registered twice, writes to a service that does not read without bound, lets frames choose
 * the codec and delivery options, and logs every malformed frame; its sockets are internal, so
 * none of that can be added around it. The protocol is small; a client written for the library
 * works here unchanged (with the key in {@code headers.apiKey}).
 */
public final class TcpBridge {
  private final Vertx vertx;
  private final TcpBridgeConfig config;
  private final ApiKeys keys;
  private final AddressPermits send;
  private final AddressPermits publish;
  private final AddressPermits register;
  private final Set<BridgeConnection> connections = ConcurrentHashMap.newKeySet();
  private final LongAdder frames = new LongAdder();
  private final Map<Refusal, LongAdder> refusals = new EnumMap<>(Refusal.class);
  private NetServer server;

  private TcpBridge(Vertx vertx, TcpBridgeConfig config, ApiKeys keys) {
    this.vertx = vertx;
    this.config = config;
    this.keys = keys;
    this.send = config.sendPermits();
    this.publish = config.publishPermits();
    this.register = config.registerPermits();
    for (Refusal r : Refusal.values()) {
      refusals.put(r, new LongAdder());
    }
  }

  /** Listens when the config enables the bridge; completes with null when it does not. */
  public static Future<TcpBridge> start(Vertx vertx, TcpBridgeConfig config, ApiKeys keys) {
    if (!config.enabled()) {
      return Future.succeededFuture();
    }
    TcpBridge bridge = new TcpBridge(vertx, config, keys);
    NetServerOptions options = new NetServerOptions().setHost(config.host()).setPort(config.port())
        .setTcpNoDelay(true)
        .setIdleTimeout((int) config.idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setReadIdleTimeout(0).setWriteIdleTimeout(0);
    if (config.tls()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.certPath())
          .setKeyPath(config.keyPath()));
      if (config.clientCertificates()) {
        options.setClientAuth(ClientAuth.REQUIRED).setTrustOptions(new PemTrustOptions().addCertPath(config.clientCaPath()));
      }
    }
    bridge.server = vertx.createNetServer(options).connectHandler(bridge::accept);
    return bridge.server.listen().map(s -> bridge);
  }

  private void accept(NetSocket socket) {
    BridgeConnection connection = new BridgeConnection(this, socket);
    if (connections.size() >= config.maxConnections()) {
      connection.refuse(Refusal.TOO_MANY_CONNECTIONS);
      return;
    }
    connections.add(connection);
    connection.start();
  }

  void closed(BridgeConnection connection) {
    connections.remove(connection);
  }

  Vertx vertx() {
    return vertx;
  }

  TcpBridgeConfig config() {
    return config;
  }

  boolean authenticated(String key) {
    return config.clientCertificates() || keys.match(key).isPresent();
  }

  /** Whether a frame of {@code type} (send, publish, register) may name {@code address}. */
  boolean permits(String type, String address) {
    return switch (type) {
      case "send" -> send.permits(address);
      case "publish" -> publish.permits(address);
      case "register" -> register.permits(address);
      default -> false;
    };
  }

  void countFrame() {
    frames.increment();
  }

  void count(Refusal refusal) {
    refusals.get(refusal).increment();
  }

  /** The bound port. */
  public int port() {
    return server.actualPort();
  }

  /** Connections held now. */
  public int connections() {
    return connections.size();
  }

  /** Frames received, all connections. */
  public long frames() {
    return frames.sum();
  }

  /** Refusals of one kind so far. */
  public long refusals(Refusal refusal) {
    return refusals.get(refusal).sum();
  }

  /** Stops listening and closes every connection (their registrations go with them). */
  public Future<Void> close() {
    connections.forEach(BridgeConnection::closeFromOutside);
    return server.close();
  }
}
