package io.switchboard.channel;

import io.switchboard.history.ChannelHistory;
import io.switchboard.history.HistoryPage;
import io.switchboard.history.HistoryPolicy;
import io.switchboard.history.StoredPublication;
import io.switchboard.history.StreamPosition;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.StreamBreak;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Puts one channel's publications, as the event bus brings them to this node, back in offset order,
 * for all of the node's subscribers of the channel at once: each offset is emitted once, in order,
 * none skipped. An offset that is missing waits {@link ChannelHistory#gapWait()} for the event bus,
 * then is read from history; one that history no longer has (or a new epoch) breaks the stream,
 * and the subscribers are told to resubscribe. A periodic check of the stream's top finds a lost
 * last publication, which nothing after it would reveal.
 *
 * <p>Confined to the context of the channel's consumer: every method runs there, and so do the
 * history reads' results.
 */
final class StreamSequencer {
  /** Out-of-order publications held per channel at most; more breaks the stream. */
  static final int MAX_PENDING = 10_000;
  /** Publications read per fill. */
  private static final int FILL_LIMIT = 1000;
  /** Failed fills (the cluster not answering) tolerated in a row before the stream breaks. */
  private static final int MAX_FAILED_FILLS = 5;

  /** Where the ordered stream goes. */
  interface Sink {
    /** One publication (or an unsequenced frame, with a null position), in order. */
    void emit(JsonObject frame, StreamPosition position);

    /** The stream cannot be repaired; nothing more is emitted. */
    void broken(StreamBreak reason);
  }

  private final String channel;
  private final HistoryPolicy policy;
  private final ChannelHistory history;
  private final Vertx vertx;
  private final Sink sink;
  private StreamPosition delivered;
  private List<JsonObject> early = new ArrayList<>();
  private final TreeMap<Long, JsonObject> pending = new TreeMap<>();
  /** The highest offset known to exist: a position check can learn of one nobody delivered. */
  private long known;
  private long gapTimer = -1;
  private long checkTimer = -1;
  private boolean filling;
  private int failedFills;
  private boolean closed;

  StreamSequencer(String channel, HistoryPolicy policy, ChannelHistory history, Vertx vertx, Sink sink) {
    this.channel = channel;
    this.policy = policy;
    this.history = history;
    this.vertx = vertx;
    this.sink = sink;
  }

  /**
   * Reads the stream's position: everything after it is this node's to deliver. Publications that
   * came before the answer are sorted in after it.
   */
  Future<Void> start() {
    return history.streams().position(channel).map(top -> {
      if (!closed) {
        delivered = top;
        known = top.offset();
        List<JsonObject> first = early;
        early = null;
        first.forEach(this::offer);
        long period = history.positionCheck().toMillis();
        checkTimer = vertx.setPeriodic(Math.min(period, history.gapWait().toMillis() * 5), period, t -> check());
      }
      return null;
    });
  }

  /** The position of the last publication emitted (before {@link #start()}: null). */
  StreamPosition delivered() {
    return delivered;
  }

  /** One frame from the event bus. */
  void offer(JsonObject frame) {
    if (closed) {
      return;
    }
    String epoch = frame.getValue("epoch") instanceof String e ? e : null;
    if (!(frame.getValue("offset") instanceof Number number) || epoch == null) {
      sink.emit(frame, null); // presence announcements, a backend's frame sent straight to the address
      return;
    }
    if (delivered == null) {
      if (early.size() < MAX_PENDING) {
        early.add(frame);
      } // else a fill repairs what was dropped
      return;
    }
    if (!adopt(epoch)) {
      breakStream(StreamBreak.EPOCH_CHANGED);
      return;
    }
    long offset = number.longValue();
    if (offset <= delivered.offset()) {
      return; // a duplicate: a fill got there first
    }
    known = Math.max(known, offset);
    if (offset == delivered.offset() + 1) {
      emit(frame, offset);
      drainPending();
    } else {
      pending.put(offset, frame);
      if (pending.size() > MAX_PENDING) {
        breakStream(StreamBreak.OVERFLOW);
        return;
      }
    }
    settle();
  }

  /**
   * Whether {@code epoch} is the stream's: a node that started before the stream existed takes the
   * first epoch it sees.
   */
  private boolean adopt(String epoch) {
    if (delivered.epoch().isEmpty()) {
      if (!epoch.isEmpty()) {
        delivered = new StreamPosition(epoch, 0);
      }
      return true;
    }
    return delivered.epoch().equals(epoch);
  }

  private void emit(JsonObject frame, long offset) {
    delivered = new StreamPosition(delivered.epoch(), offset);
    sink.emit(frame, delivered);
  }

  private void drainPending() {
    while (!pending.isEmpty()) {
      long first = pending.firstKey();
      if (first <= delivered.offset()) {
        pending.pollFirstEntry();
      } else if (first == delivered.offset() + 1) {
        emit(pending.pollFirstEntry().getValue(), first);
      } else {
        return;
      }
    }
  }

  /**
   * Arms the gap timer while something is missing, disarms it once nothing is. The wait is for the
   * stream to make progress: a timer that expires after the delivered offset moved on waits again,
   * so only an offset missing for a whole {@code gapWait} is read from history.
   */
  private void settle() {
    boolean missing = !pending.isEmpty() || known > delivered.offset();
    if (missing && gapTimer < 0 && !filling) {
      long armedAt = delivered.offset();
      gapTimer = vertx.setTimer(history.gapWait().toMillis(), t -> {
        gapTimer = -1;
        if (!closed && delivered.offset() > armedAt) {
          settle();
        } else {
          fill();
        }
      });
    } else if (!missing && gapTimer >= 0) {
      vertx.cancelTimer(gapTimer);
      gapTimer = -1;
    }
  }

  /** Reads what is missing from history. */
  private void fill() {
    if (closed || filling) {
      return;
    }
    filling = true;
    long from = delivered.offset();
    history.streams().readAfter(channel, from, FILL_LIMIT, policy).onComplete(ar -> {
      filling = false;
      if (closed) {
        return;
      }
      if (ar.failed()) {
        if (++failedFills >= MAX_FAILED_FILLS) {
          breakStream(StreamBreak.GAP);
        } else {
          settle();
        }
        return;
      }
      failedFills = 0;
      filled(ar.result(), from);
    });
  }

  private void filled(HistoryPage page, long from) {
    StreamPosition top = page.top();
    if (top.epoch().isEmpty() || !adopt(top.epoch())) {
      breakStream(StreamBreak.EPOCH_CHANGED); // the stream we were delivering is gone
      return;
    }
    if (delivered.offset() == from && !page.complete()) {
      breakStream(StreamBreak.GAP); // what is missing was trimmed from history
      return;
    }
    known = Math.max(known, top.offset());
    for (StoredPublication p : page.publications()) {
      if (p.offset() == delivered.offset() + 1) {
        emit(frameOf(p), p.offset());
        drainPending();
      }
    }
    drainPending();
    // pending offsets above the top just read are fine: appended after the read, they overtook its answer
    if (known > delivered.offset() && page.publications().size() == FILL_LIMIT) {
      fill(); // more than one read's worth was missing
    } else {
      settle();
    }
  }

  private JsonObject frameOf(StoredPublication p) {
    return FrameCodec.toJson(new ServerFrame.Message(channel, Json.decodeValue(p.content()), p.sender(),
        p.offset(), delivered.epoch()));
  }

  /** Compares what this node delivered with the stream's top. */
  private void check() {
    if (closed || filling || gapTimer >= 0 || delivered == null) {
      return;
    }
    history.streams().position(channel).onSuccess(top -> {
      if (closed || top.epoch().isEmpty()) {
        return; // nothing published yet, or the stream expired: the next publication tells
      }
      if (!adopt(top.epoch())) {
        breakStream(StreamBreak.EPOCH_CHANGED);
        return;
      }
      known = Math.max(known, top.offset());
      settle();
    });
  }

  private void breakStream(StreamBreak reason) {
    if (!closed) {
      close();
      sink.broken(reason);
    }
  }

  /** Stops the timers and emits nothing more. Idempotent. */
  void close() {
    closed = true;
    pending.clear();
    early = null;
    if (gapTimer >= 0) {
      vertx.cancelTimer(gapTimer);
      gapTimer = -1;
    }
    if (checkTimer >= 0) {
      vertx.cancelTimer(checkTimer);
      checkTimer = -1;
    }
  }
}
