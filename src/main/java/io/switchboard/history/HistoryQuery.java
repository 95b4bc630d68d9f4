package io.switchboard.history;

import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ServerFrame;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A history query as clients and backends ask it, in one place so both get the same answer.
 *
 * @param limit publications at most
 * @param since null: the latest ones; else the ones after it (with {@code reverse}: before it)
 * @param reverse newest first
 */
public record HistoryQuery(int limit, StreamPosition since, boolean reverse) {
  /**
   * The answer.
   *
   * @param publications in the order asked for
   * @param top the stream's position
   * @param complete with {@code since} and not {@code reverse}: whether nothing after {@code since}
   *     was lost (trimmed, or its epoch gone); else null
   */
  public record Answer(List<StoredPublication> publications, StreamPosition top, Boolean complete) {
    /** The answer as the {@code history} frame that carries it to a client (or a backend). */
    public ServerFrame.History toFrame(String channel, Object ref) {
      List<ServerFrame.Publication> out = new ArrayList<>(publications.size());
      for (StoredPublication p : publications) {
        out.add(new ServerFrame.Publication(p.offset(), Json.decodeValue(p.content()), p.sender()));
      }
      return new ServerFrame.History(channel, out, new ClientFrame.StreamPosition(top.epoch(), top.offset()),
          complete, ref);
    }
  }

  /** Reads the answer from {@code streams}; a {@code since} of another epoch answers nothing, incomplete. */
  public Future<Answer> ask(ChannelStreams streams, String channel, HistoryPolicy policy) {
    if (since == null) {
      return streams.readLatest(channel, limit, policy).map(page -> {
        List<StoredPublication> newestFirst = page.publications();
        if (reverse) {
          return new Answer(newestFirst, page.top(), null);
        }
        List<StoredPublication> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return new Answer(oldestFirst, page.top(), null);
      });
    }
    Future<HistoryPage> read = reverse
        ? streams.readBefore(channel, since.offset(), limit, policy)
        : streams.readAfter(channel, since.offset(), limit, policy);
    return read.map(page -> {
      if (!sameStream(since, page.top())) {
        return new Answer(List.of(), page.top(), reverse ? null : false);
      }
      return new Answer(page.publications(), page.top(), reverse ? null : page.complete());
    });
  }

  /**
   * Whether a client's position {@code since} is in the stream now at {@code top}: the same epoch,
   * or "nothing seen yet" ({@link StreamPosition#NONE}), which every epoch continues.
   */
  public static boolean sameStream(StreamPosition since, StreamPosition top) {
    return since.epoch().equals(top.epoch()) || StreamPosition.NONE.equals(since);
  }
}
