package io.switchboard.history;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.core.ReadOnly;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The entry processors of {@link HazelcastChannelStreams}. Each runs on the member that owns the
 * channel's partition, so appends to one channel are totally ordered. A processor that writes runs
 * again on the backup, so everything it decides comes in with it: the time and the epoch a new
 * stream would take are made by the caller, never inside.
 */
final class HistoryProcessors {
  private HistoryProcessors() {}

  /** The policy's numbers, as a processor carries them. */
  record Policy(int size, long ttlMillis, long metaTtlMillis) implements java.io.Serializable {
    static Policy of(HistoryPolicy p) {
      return new Policy(p.size(), p.ttl().toMillis(), p.metaTtl().toMillis());
    }
  }

  /**
   * Appends at the next offset; a missing stream starts under {@code newEpoch}. {@code retryTag}
   * is unique to this append, so that Hazelcast running it again after the owner died finds it.
   */
  record Append(String sender, String content, String idempotencyKey, long retryTag, long nowMillis, String newEpoch,
      Policy policy) implements EntryProcessor<String, ChannelStream, Appended> {
    @Override
    public Appended process(Map.Entry<String, ChannelStream> entry) {
      ChannelStream stream = entry.getValue() == null ? new ChannelStream(newEpoch) : entry.getValue();
      Appended appended = stream.append(sender, content, idempotencyKey, retryTag, nowMillis, policy.size(), policy.ttlMillis());
      // the entry lives metaTtl past its last publication: a channel nobody uses costs nothing after
      ((ExtendedMapEntry<String, ChannelStream>) entry).setValue(stream, policy.metaTtlMillis(), TimeUnit.MILLISECONDS);
      return appended;
    }
  }

  /** Publications after an offset, oldest first. Read-only: it runs once, and never on a backup. */
  record ReadAfter(long since, int limit, long nowMillis, Policy policy)
      implements EntryProcessor<String, ChannelStream, HistoryPage>, ReadOnly {
    @Override
    public HistoryPage process(Map.Entry<String, ChannelStream> entry) {
      ChannelStream stream = entry.getValue() == null ? ChannelStream.EMPTY : entry.getValue();
      return stream.after(since, limit, nowMillis, policy.ttlMillis());
    }

    @Override
    public EntryProcessor<String, ChannelStream, HistoryPage> getBackupProcessor() {
      return null;
    }
  }

  /** The latest publications before an offset, newest first. Read-only. */
  record ReadBefore(long before, int limit, long nowMillis, Policy policy)
      implements EntryProcessor<String, ChannelStream, HistoryPage>, ReadOnly {
    @Override
    public HistoryPage process(Map.Entry<String, ChannelStream> entry) {
      ChannelStream stream = entry.getValue() == null ? ChannelStream.EMPTY : entry.getValue();
      return stream.before(before, limit, nowMillis, policy.ttlMillis());
    }

    @Override
    public EntryProcessor<String, ChannelStream, HistoryPage> getBackupProcessor() {
      return null;
    }
  }

  /** The current position. Read-only. */
  record Position() implements EntryProcessor<String, ChannelStream, StreamPosition>, ReadOnly {
    @Override
    public StreamPosition process(Map.Entry<String, ChannelStream> entry) {
      return entry.getValue() == null ? StreamPosition.NONE : entry.getValue().position();
    }

    @Override
    public EntryProcessor<String, ChannelStream, StreamPosition> getBackupProcessor() {
      return null;
    }
  }
}
