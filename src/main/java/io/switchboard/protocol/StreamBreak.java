package io.switchboard.protocol;

/**
 * Why a node ended a subscription with a {@code resubscribe} frame. Closed vocabulary: clients may
 * switch on it. Either way the client subscribes again with {@code since} its last position; the
 * answer says whether the missed publications could be recovered.
 */
public enum StreamBreak {
  /** Publications went missing in transit and could not be filled from history in time. */
  GAP("gap"),
  /** The channel's history was lost (a new epoch began): positions of the old one are void. */
  EPOCH_CHANGED("epoch_changed"),
  /** The node buffered more out-of-order publications than it may hold for one channel. */
  OVERFLOW("overflow");

  private final String wire;

  StreamBreak(String wire) {
    this.wire = wire;
  }

  /** The reason as it appears in the {@code reason} field. */
  public String wire() {
    return wire;
  }
}
