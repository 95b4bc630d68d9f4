package io.switchboard.hooks;

import io.switchboard.config.ConfigException;
import io.switchboard.config.ConfigSection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Client {@code rpc} calls ({@code rpc} section): which methods clients may call, each served by a
 * backend on {@code switchboard.rpc.<method>}, and how long a call waits for its reply.
 *
 * @param methods the callable methods; empty (the default): every {@code rpc} is refused
 * @param timeout how long a call waits before the client is told {@code unavailable}
 * @param maxPending calls one connection may have waiting; more are refused {@code rate_limited}
 */
public record RpcConfig(Set<String> methods, Duration timeout, int maxPending) {
  private static final Pattern METHOD = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  public RpcConfig {
    methods = Set.copyOf(methods);
  }

  public static RpcConfig from(ConfigSection root) {
    ConfigSection s = root.section("rpc", "methods", "timeout", "maxPending");
    List<String> methods = s.strings("methods");
    for (String m : methods) {
      if (!METHOD.matcher(m).matches()) {
        throw new ConfigException(s.name("methods") + ": '" + m + "' is not 1-64 characters of A-Z a-z 0-9 _ . -");
      }
    }
    return new RpcConfig(Set.copyOf(methods), s.duration("timeout", Duration.ofSeconds(5), Duration.ofMillis(10)),
        s.integer("maxPending", 16, 1, 10_000));
  }
}
