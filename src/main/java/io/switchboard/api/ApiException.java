package io.switchboard.api;

import io.switchboard.protocol.ErrorCode;

/**
 * A call the API refuses: the HTTP status it answers with, and the protocol's error code and a
 * message for the body {@code {"error":{"code","message"}}}. The message never quotes a key.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final ErrorCode code;

  public ApiException(int status, ErrorCode code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, ErrorCode.BAD_REQUEST, message);
  }

  static ApiException unavailable(String message) {
    return new ApiException(503, ErrorCode.UNAVAILABLE, message);
  }

  public int status() {
    return status;
  }

  public ErrorCode code() {
    return code;
  }
}
