package io.switchboard.history;

import java.io.Serializable;

/**
 * One publication as a stream keeps it.
 *
 * @param offset its place in the stream
 * @param sender the publisher's id, as delivered
 * @param content the content as JSON text, exactly as it was published (encoded once, at the edge)
 * @param timeMillis when it was appended (the appending node's clock), for the age bound
 * @param idempotencyKey the key a backend gave with it, or null: a retry with the same key while
 *     this publication is kept gets its place instead of a second publication
 * @param retryTag the appending node's own tag for this append (0: none): Hazelcast runs an
 *     operation again on the new owner when the owner died before it answered, and the tag makes
 *     that second run find the first instead of appending twice
 */
public record StoredPublication(long offset, String sender, String content, long timeMillis, String idempotencyKey,
    long retryTag) implements Serializable {
  public StoredPublication(long offset, String sender, String content, long timeMillis) {
    this(offset, sender, content, timeMillis, null, 0);
  }
}
