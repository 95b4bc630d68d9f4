package io.switchboard.transport;

import java.nio.charset.StandardCharsets;

/**
 * The answer to a plain HTTP request (health, stats, metrics).
 *
 * @param status the HTTP status
 * @param contentType the body's media type; empty with an empty body
 * @param body the bytes sent
 */
public record HttpReply(int status, String contentType, byte[] body) {
  private static final byte[] NONE = new byte[0];

  /** A reply without a body. */
  public static HttpReply status(int status) {
    return new HttpReply(status, "", NONE);
  }

  /** A reply with a text body. */
  public static HttpReply text(int status, String contentType, String body) {
    return new HttpReply(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }
}
