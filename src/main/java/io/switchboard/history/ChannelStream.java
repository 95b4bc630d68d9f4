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
   * How far back, newest first, a retried append's tag is looked for. A retry comes while the
   * partition moves to its new owner, when no other append to it can run; only the appends in
   * flight at the owner's death can come before it.
   */
  static final int RETRY_WINDOW = 1024;

  /**
   * Appends, unless {@code idempotencyKey} is that of a publication still kept: then nothing changes
   * and the answer is that publication's place, marked repeated.
   */
  Appended append(String sender, String content, String idempotencyKey, long nowMillis, int size, long ttlMillis) {
    return append(sender, content, idempotencyKey, 0, nowMillis, size, ttlMillis);
  }

  /**
   * Appends as above; besides, when {@code retryTag} (not 0) is that of one of the latest
   * {@link #RETRY_WINDOW} publications, this is the cluster running the same append again: the
   * answer is that publication's place, marked repeated.
   */
  Appended append(String sender, String content, String idempotencyKey, long retryTag, long nowMillis, int size,
      long ttlMillis) {
    StoredPublication earlier = earlier(idempotencyKey, retryTag);
    if (earlier != null) {
      return new Appended(new StreamPosition(epoch, earlier.offset()), true);
    }
    top++;
    kept.addLast(new StoredPublication(top, sender, content, nowMillis, idempotencyKey, retryTag));
    while (kept.size() > size) {
      kept.removeFirst();
    }
    long oldest = nowMillis - ttlMillis;
    while (!kept.isEmpty() && kept.peekFirst().timeMillis() <= oldest) {
      kept.removeFirst();
    }
    return new Appended(position(), false);
  }

  /** The kept publication with this key (any that is kept) or this tag (among the latest), or null. */
  private StoredPublication earlier(String idempotencyKey, long retryTag) {
    if (idempotencyKey == null && retryTag == 0) {
      return null;
    }
    int looked = 0;
    for (Iterator<StoredPublication> it = kept.descendingIterator(); it.hasNext(); looked++) {
      StoredPublication p = it.next();
      if (retryTag != 0 && looked < RETRY_WINDOW && p.retryTag() == retryTag) {
        return p;
      }
      if (idempotencyKey != null && idempotencyKey.equals(p.idempotencyKey())) {
        return p;
      }
      if (idempotencyKey == null && looked >= RETRY_WINDOW) {
        return null;
      }
    }
    return null;
  }

  /**
   * The one stream that the two sides of a split-brain made of a channel's stream, when they meet
   * again ({@code existing}: the side the other merges into). A stream that only extends the other
   * (it holds the other's last publication at the other's top) is kept whole, under its epoch:
   * nothing was published on the other side, and a node that missed the rest fills it from here.
   * Two that both went on, or whose meeting point is no longer kept, become {@code existing} under
   * a new epoch, so that every position either side handed out is stale and its subscribers are
   * told to resubscribe. Streams of different epochs keep {@code existing}'s. The new epoch comes
   * from both streams' positions, so the merge gives the same answer wherever Hazelcast runs it.
   */
  static ChannelStream merge(ChannelStream existing, ChannelStream merging) {
    if (!existing.epoch.equals(merging.epoch)) {
      return existing;
    }
    boolean existingLonger = existing.top >= merging.top;
    ChannelStream longer = existingLonger ? existing : merging;
    ChannelStream shorter = existingLonger ? merging : existing;
    if (longer.extendsStream(shorter)) {
      return longer;
    }
    ChannelStream renamed = new ChannelStream(mergedEpoch(existing, merging));
    renamed.top = existing.top;
    renamed.kept.addAll(existing.kept);
    return renamed;
  }

  /** Whether this stream holds {@code shorter}'s last publication at the same place. */
  private boolean extendsStream(ChannelStream shorter) {
    if (shorter.top == 0) {
      return true;
    }
    StoredPublication last = shorter.kept.peekLast();
    if (last == null || last.offset() != shorter.top) {
      return shorter.top == top && kept.isEmpty(); // nothing kept on either side to tell them apart
    }
    for (Iterator<StoredPublication> it = kept.descendingIterator(); it.hasNext(); ) {
      StoredPublication p = it.next();
      if (p.offset() == last.offset()) {
        return p.equals(last);
      }
      if (p.offset() < last.offset()) {
        break;
      }
    }
    return false;
  }

  private static String mergedEpoch(ChannelStream a, ChannelStream b) {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest((a.epoch + "/" + a.top + "/" + b.epoch + "/" + b.top + "/merged")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
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
