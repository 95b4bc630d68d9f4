package io.switchboard.api;

import io.switchboard.config.ConfigException;
import io.switchboard.config.ConfigSection;
import java.util.List;

/**
 * The API listener ({@code api} section).
 *
 * @param host interface to bind; 127.0.0.1 by default, so that only this machine (a sidecar, an
 *     operator, Prometheus through a port-forward) reaches it unless said otherwise
 * @param port TCP port; {@link #FOLLOW_HTTP_PORT} (the default) means the client port + 1000, so
 *     that two nodes on one machine need one flag each ({@code --http-port 8081} → 9081); 0 picks
 *     a free one (tests)
 * @param keys {@code name:key} entries allowed to call {@code /api/*}
 * @param maxBodyBytes a larger request body is refused with 413 before it is parsed
 */
public record ApiConfig(String host, int port, List<String> keys, int maxBodyBytes) {
  public static final int FOLLOW_HTTP_PORT = -1;
  /** How far above the client port the API listens by default. */
  public static final int PORT_OFFSET = 1000;

  public ApiConfig {
    keys = List.copyOf(keys);
  }

  /** Reads the {@code api} section; the keys are checked here (a bad key stops the node at start). */
  public static ApiConfig from(ConfigSection root) {
    ConfigSection s = root.section("api", "host", "port", "keys", "maxBodyBytes");
    ApiConfig config = new ApiConfig(
        s.string("host", "127.0.0.1"),
        s.integer("port", FOLLOW_HTTP_PORT, FOLLOW_HTTP_PORT, 65535),
        s.strings("keys"),
        s.integer("maxBodyBytes", 1024 * 1024, 1024, 64 * 1024 * 1024));
    ApiKeys.parse(config.keys);
    return config;
  }

  /** The port to bind, given the client port. */
  public int effectivePort(int httpPort) {
    if (port != FOLLOW_HTTP_PORT) {
      return port;
    }
    if (httpPort == 0) {
      return 0;
    }
    int derived = httpPort + PORT_OFFSET;
    if (derived > 65535) {
      throw new ConfigException("api.port: the client port " + httpPort + " + " + PORT_OFFSET
          + " is above 65535; set api.port");
    }
    return derived;
  }

  public ApiConfig withKeys(List<String> next) {
    return new ApiConfig(host, port, next, maxBodyBytes);
  }
}
