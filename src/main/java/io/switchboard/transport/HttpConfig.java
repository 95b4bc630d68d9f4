package io.switchboard.transport;

import io.switchboard.config.ConfigSection;
import java.time.Duration;
import java.util.List;

/**
 * The HTTP/WebSocket listener.
 *
 * @param host interface to bind; 127.0.0.1 by default
 * @param port TCP port; 0 picks a free one (tests)
 * @param instances event loops serving connections; 0 means one per CPU core
 * @param path the WebSocket endpoint
 * @param allowedOrigins when non-empty, an upgrade whose {@code Origin} is not listed is refused
 *     with 403 (cross-site WebSocket hijacking); clients that send no Origin (non-browsers) pass
 * @param compression offer permessage-deflate; off by default because every socket compresses on
 *     its own, which costs about 4x per write on fan-out
 * @param requestTimeout a whole HTTP request (the upgrade included) must arrive within this time of
 *     the connection opening or of the previous response; a slower one gets 408 and is closed
 *     (slowloris), a connection silent that long is closed
 */
public record HttpConfig(String host, int port, int instances, String path, List<String> allowedOrigins,
    boolean compression, Duration requestTimeout) {
  public HttpConfig {
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** Reads the {@code http} section. */
  public static HttpConfig from(ConfigSection root) {
    ConfigSection s = root.section("http", "host", "port", "instances", "path", "allowedOrigins", "compression",
        "requestTimeout");
    String path = s.string("path", "/ws");
    if (!path.startsWith("/")) {
      throw new io.switchboard.config.ConfigException(s.name("path") + ": must start with '/'");
    }
    return new HttpConfig(
        s.string("host", "127.0.0.1"),
        s.integer("port", 8080, 0, 65535),
        s.integer("instances", 0, 0, 1024),
        path,
        s.strings("allowedOrigins"),
        s.bool("compression", false),
        s.duration("requestTimeout", Duration.ofSeconds(10), Duration.ofMillis(100)));
  }

  /** The same configuration listening on {@code otherHost}. */
  public HttpConfig withHost(String otherHost) {
    return new HttpConfig(otherHost, port, instances, path, allowedOrigins, compression, requestTimeout);
  }

  /** The number of event loops to serve with. */
  public int effectiveInstances() {
    return instances > 0 ? instances : Runtime.getRuntime().availableProcessors();
  }
}
