package io.switchboard.history;

import io.vertx.core.Future;

/**
 * The streams of channels that keep history. Implementations are thread-safe and never block the
 * caller; results come back on the caller's Vert.x context.
 *
 * <p>Appends to one channel are atomic and totally ordered: each gets the next offset, whatever
 * node it comes from. A stream that does not exist (never written, or its position expired after
 * {@link HistoryPolicy#metaTtl()}) starts at offset 1 under a new epoch.
 */
public interface ChannelStreams {
  /**
   * Appends one publication, trims the stream to the policy, and keeps the position for
   * {@code metaTtl} more.
   *
   * @param content the content as JSON text
   * @return the position of the appended publication
   */
  default Future<StreamPosition> append(String channel, String sender, String content, HistoryPolicy policy) {
    return append(channel, sender, content, null, policy).map(Appended::position);
  }

  /**
   * Appends as {@link #append(String, String, String, HistoryPolicy)} does, unless
   * {@code idempotencyKey} (null: none) is that of a publication the stream still keeps: then nothing
   * is appended and the answer is that publication's place, {@link Appended#repeated()}.
   */
  Future<Appended> append(String channel, String sender, String content, String idempotencyKey, HistoryPolicy policy);

  /**
   * Reads up to {@code limit} publications with an offset above {@code since}, oldest first, as
   * kept under {@code policy} now. {@link HistoryPage#complete()} says whether every publication
   * after {@code since} is still kept. A stream that does not exist reads as empty at
   * {@link StreamPosition#NONE}.
   */
  Future<HistoryPage> readAfter(String channel, long since, int limit, HistoryPolicy policy);

  /** The latest {@code limit} publications kept, newest first. */
  default Future<HistoryPage> readLatest(String channel, int limit, HistoryPolicy policy) {
    return readBefore(channel, Long.MAX_VALUE, limit, policy);
  }

  /** The latest {@code limit} publications kept with an offset below {@code before}, newest first. */
  Future<HistoryPage> readBefore(String channel, long before, int limit, HistoryPolicy policy);

  /**
   * The current position; {@link StreamPosition#NONE} when the stream does not exist. Reads never
   * create a stream, so asking about channels costs the cluster no memory: "no epoch, offset 0"
   * means "nothing seen yet", and a subscriber resuming from it is owed every publication of
   * whatever epoch exists by then.
   */
  Future<StreamPosition> position(String channel);
}
