package io.switchboard.tcpbridge;

import io.switchboard.config.ConfigException;
import io.switchboard.config.ConfigSection;
import java.time.Duration;
import java.util.List;

/**
 * The TCP event-bus bridge ({@code bridge.tcp} section); off unless a port is set.
 *
 * @param host interface to bind, loopback by default
 * @param port TCP port; -1 (the default) = off, 0 = any free port (tests)
 * @param maxConnections connections held at once; more are closed at once
 * @param maxFrameBytes a frame whose length prefix says more is answered {@code frame_too_large}
 *     and the socket closed, before its bytes are read
 * @param maxPendingBytes outbound bytes one connection may have queued; past it the socket is
 *     closed ({@code slow_consumer}): a service that does not read cannot make the node hold more
 * @param maxRegistrations addresses one connection may register at once
 * @param maxInFlight requests ({@code send} with a {@code replyAddress}) one connection may have
 *     awaiting their reply
 * @param framesPerSecond frames one connection may send per second on average; faster, the node
 *     stops reading its socket until the pace is back (TCP pushes back on the service): a flood
 *     slows its sender, it does not cost the node more
 * @param frameBurst frames a connection may send at once above that pace
 * @param idleTimeout a connection that sends nothing for this long is closed (a service pings to
 *     stay connected): a peer cannot hold one of {@code maxConnections} by saying nothing
 * @param maxRequestTimeout the longest reply wait a frame may ask for ({@code headers.timeout})
 * @param certPath PEM certificate chain: TLS when set (with {@code keyPath})
 * @param keyPath PEM private key of {@code certPath}
 * @param clientCaPath PEM CA bundle: when set (with TLS), a client certificate it signed is
 *     required and authenticates the connection instead of a key on every frame
 * @param send addresses a service may {@code send} to, as a request or not ({@link AddressPermits})
 * @param publish addresses a service may {@code publish} to (every consumer on every node gets it)
 * @param register addresses a service may {@code register} on, to receive what is sent there
 */
public record TcpBridgeConfig(String host, int port, int maxConnections, int maxFrameBytes, int maxPendingBytes,
    int maxRegistrations, int maxInFlight, int framesPerSecond, int frameBurst, Duration idleTimeout,
    Duration maxRequestTimeout, String certPath, String keyPath, String clientCaPath,
    List<String> send, List<String> publish, List<String> register) {
  public static final int OFF = -1;
  /** The backend addresses: requests, each handled by one node. */
  static final List<String> DEFAULT_SEND =
      List.of("switchboard.publish", "switchboard.direct", "switchboard.history", "switchboard.observe");
  static final List<String> DEFAULT_REGISTER = List.of("switchboard.events", "regex:switchboard\\.channel\\..+");

  public TcpBridgeConfig {
    send = List.copyOf(send);
    publish = List.copyOf(publish);
    register = List.copyOf(register);
  }

  /** Reads {@code bridge.tcp}; permissions and TLS files are checked here. */
  public static TcpBridgeConfig from(ConfigSection root) {
    ConfigSection s = root.section("bridge", "tcp").section("tcp", "host", "port", "maxConnections", "maxFrameBytes",
        "maxPendingBytes", "maxRegistrations", "maxInFlight", "framesPerSecond", "frameBurst", "idleTimeout", "maxRequestTimeout", "tls", "send", "publish", "register");
    ConfigSection tls = s.section("tls", "certPath", "keyPath", "clientCaPath");
    TcpBridgeConfig config = new TcpBridgeConfig(
        s.string("host", "127.0.0.1"),
        s.integer("port", OFF, OFF, 65535),
        s.integer("maxConnections", 1000, 1, 1_000_000),
        s.integer("maxFrameBytes", 65536, 64, 16 * 1024 * 1024),
        s.integer("maxPendingBytes", 1024 * 1024, 4096, 256 * 1024 * 1024),
        s.integer("maxRegistrations", 100, 1, 100_000),
        s.integer("maxInFlight", 1000, 1, 100_000),
        s.integer("framesPerSecond", 2000, 1, 10_000_000),
        s.integer("frameBurst", 2000, 1, 10_000_000),
        s.duration("idleTimeout", Duration.ofSeconds(60), Duration.ofMillis(100)),
        s.duration("maxRequestTimeout", Duration.ofSeconds(30), Duration.ofMillis(100)),
        tls.string("certPath", ""),
        tls.string("keyPath", ""),
        tls.string("clientCaPath", ""),
        s.json().containsKey("send") ? s.strings("send") : DEFAULT_SEND,
        s.strings("publish"),
        s.json().containsKey("register") ? s.strings("register") : DEFAULT_REGISTER);
    if (config.certPath.isEmpty() != config.keyPath.isEmpty()) {
      throw new ConfigException(tls.name("certPath") + ": TLS needs both certPath and keyPath");
    }
    if (!config.clientCaPath.isEmpty() && config.certPath.isEmpty()) {
      throw new ConfigException(tls.name("clientCaPath") + ": client certificates need TLS (certPath, keyPath)");
    }
    config.sendPermits();
    config.publishPermits();
    config.registerPermits();
    return config;
  }

  public boolean enabled() {
    return port != OFF;
  }

  boolean tls() {
    return !certPath.isEmpty();
  }

  /** Client certificates authenticate connections: no key is needed on frames. */
  boolean clientCertificates() {
    return !clientCaPath.isEmpty();
  }

  AddressPermits sendPermits() {
    return AddressPermits.parse("bridge.tcp.send", send);
  }

  AddressPermits publishPermits() {
    return AddressPermits.parse("bridge.tcp.publish", publish);
  }

  AddressPermits registerPermits() {
    return AddressPermits.parse("bridge.tcp.register", register);
  }
}
