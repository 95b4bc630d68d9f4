package io.switchboard.bench;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * A {@code ws://} URL whose host is a loopback address. The tool refuses anything else: it is meant to
 * load a server on the same machine, never a remote one.
 *
 * @param host literal loopback host ({@code 127.x.x.x}, {@code localhost} or {@code ::1})
 * @param port TCP port
 * @param path path of the WebSocket endpoint, without query
 */
public record LoopbackUrl(String host, int port, String path) {

  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

  /**
   * Parses and validates.
   *
   * @throws IllegalArgumentException if the URL is not {@code ws://} or its host is not loopback
   */
  public static LoopbackUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad URL: " + url, e);
    }
    if (!"ws".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("only ws:// URLs are supported: " + url);
    }
    String host = uri.getHost();
    if (host == null || !isLoopback(host)) {
      throw new IllegalArgumentException("refusing non-loopback host in " + url + " (loopback only)");
    }
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return new LoopbackUrl(host, port, path);
  }

  /** True for a literal IPv4 127/8 address, {@code localhost} or IPv6 {@code ::1}. No DNS lookup. */
  public static boolean isLoopback(String host) {
    String h = host.toLowerCase();
    return isIpv4Loopback(h)
        || h.equals("localhost")
        || h.equals("::1")
        || h.equals("[::1]");
  }

  /** True for a literal IPv4 address in 127.0.0.0/8 (a source address a client can bind). No DNS lookup. */
  public static boolean isIpv4Loopback(String host) {
    return IPV4_LOOPBACK.matcher(host).matches();
  }

  /** The URI to request, with the token in the query. */
  public String requestUri(String token) {
    return path + "?token=" + token;
  }

  /**
   * {@code /stats} of the same server: on a gateway's API port, by default its client port + 1000
   * ({@code api.port}); give {@code --stats-url} when the node sets another.
   */
  public String statsUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + (port + 1000) + "/stats";
  }

  @Override
  public String toString() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "ws://" + h + ":" + port + path;
  }
}
