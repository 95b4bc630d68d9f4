package io.switchboard.transport;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The answer to a plain HTTP request (health, stats, metrics).
 *
 * @param status the HTTP status
 * @param contentType the body's media type; empty with an empty body
 * @param body the bytes sent
 */
public record HttpReply(int status, String contentType, byte[] body, Map<String, String> headers) {
  private static final byte[] NONE = new byte[0];

  public HttpReply {
    headers = Map.copyOf(headers);
  }

  public HttpReply(int status, String contentType, byte[] body) {
    this(status, contentType, body, Map.of());
  }

  /** The same reply with one more header. */
  public HttpReply withHeader(String name, String value) {
    Map<String, String> more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new HttpReply(status, contentType, body, more);
  }

  /** A reply without a body. */
  public static HttpReply status(int status) {
    return new HttpReply(status, "", NONE);
  }

  /** A reply with a text body. */
  public static HttpReply text(int status, String contentType, String body) {
    return new HttpReply(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }
}
