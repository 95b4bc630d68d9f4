package io.switchboard.protocol;

/**
 * A client frame that cannot be served. It becomes one {@code error} frame to that client and
 * nothing else: the connection stays open.
 */
public final class ProtocolException extends RuntimeException {
  private final ErrorCode code;
  private final transient Object ref;
  private final String channel;

  public ProtocolException(ErrorCode code, String message, Object ref, String channel) {
    super(message, null, false, false);
    this.code = code;
    this.ref = ref;
    this.channel = channel;
  }

  public ErrorCode code() {
    return code;
  }

  /** The {@code ref} of the offending frame, when it could be read; else null. */
  public Object ref() {
    return ref;
  }

  /** The channel the frame named, when it could be read; else null. */
  public String channel() {
    return channel;
  }

  /** The {@code error} frame that reports this to the client. */
  public ServerFrame.Error toFrame() {
    return new ServerFrame.Error(code, getMessage(), channel, ref);
  }
}
