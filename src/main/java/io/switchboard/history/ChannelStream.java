package io.switchboard.history;

import java.io.Serializable;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * One channel's stream: its epoch, the offset of its latest publication, and the publications it
 * keeps. Pure state and arithmetic, with every time passed in, so that the cluster can run it in
 * an entry processor (which Hazelcast runs again on the backup: it must come out the same) and the
 * in-memory twin can run the very same code. Not thread-safe: its owner serializes access.
 */
final class ChannelStream implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a stream that does not exist reads as: no epoch, nothing kept. Never appended to. */
  static final ChannelStream EMPTY = new ChannelStream("");

  private final String epoch;
  private long top;
  private final ArrayDeque<StoredPublication> kept = new ArrayDeque<>();

  ChannelStream(String epoch) {
    this.epoch = epoch;
  }

  /** A fresh epoch: 8 random bytes in hex. Made by the caller, never inside an entry processor. */
  static String newEpoch() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  StreamPosition position() {
    return new StreamPosition(epoch, top);
  }

  /** Appends at the next offset and keeps at most {@code size} publications younger than {@code ttlMillis}. */
  StreamPosition append(String sender, String content, long nowMillis, int size, long ttlMillis) {
    return append(sender, content, null, nowMillis, size, ttlMillis).position();
  }

  /**
   * Appends, unless {@code idempotencyKey} is that of a publication still kept: then nothing changes
   * and the answer is that publication's place, marked repeated.
   */
  Appended append(String sender, String content, String idempotencyKey, long nowMillis, int size, long ttlMillis) {
    if (idempotencyKey != null) {
      for (StoredPublication p : kept) {
        if (idempotencyKey.equals(p.idempotencyKey())) {
          return new Appended(new StreamPosition(epoch, p.offset()), true);
        }
      }
    }
    top++;
    kept.addLast(new StoredPublication(top, sender, content, nowMillis, idempotencyKey));
    while (kept.size() > size) {
      kept.removeFirst();
    }
    long oldest = nowMillis - ttlMillis;
    while (!kept.isEmpty() && kept.peekFirst().timeMillis() <= oldest) {
      kept.removeFirst();
    }
    return new Appended(position(), false);
  }

  /** Up to {@code limit} publications after {@code since}, oldest first, as kept at {@code nowMillis}. */
  HistoryPage after(long since, int limit, long nowMillis, long ttlMillis) {
    long oldest = nowMillis - ttlMillis;
    List<StoredPublication> out = new ArrayList<>(Math.min(limit, kept.size()));
    long firstKept = top + 1;
    for (StoredPublication p : kept) {
      if (p.timeMillis() <= oldest) {
        continue;
      }
      firstKept = Math.min(firstKept, p.offset());
      if (p.offset() > since && out.size() < limit) {
        out.add(p);
      }
    }
    boolean complete = since >= 0 && since <= top && since >= firstKept - 1;
    return new HistoryPage(position(), out, complete);
  }

  /** The latest {@code limit} publications before offset {@code before}, newest first, as kept at {@code nowMillis}. */
  HistoryPage before(long before, int limit, long nowMillis, long ttlMillis) {
    long oldest = nowMillis - ttlMillis;
    List<StoredPublication> out = new ArrayList<>(Math.min(limit, kept.size()));
    for (Iterator<StoredPublication> it = kept.descendingIterator(); it.hasNext() && out.size() < limit; ) {
      StoredPublication p = it.next();
      if (p.timeMillis() > oldest && p.offset() < before) {
        out.add(p);
      }
    }
    return new HistoryPage(position(), out, true);
  }
}
