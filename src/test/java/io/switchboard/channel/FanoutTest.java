package io.switchboard.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.interest.InterestKeys;
import io.switchboard.interest.InterestTable;
import io.switchboard.interest.MemoryInterestTable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node's fan-out against an in-memory table, its own node the only one (frames arrive locally). */
class FanoutTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<String> arrived = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private Fanout fanout(InterestTable table) {
    NodeMailbox mailbox = new NodeMailbox(vertx, "self");
    Fanout fanout = new Fanout(table, mailbox, vertx.eventBus());
    mailbox.deliverTo(e -> arrived.add(e.name() + "=" + e.frame()), fanout::invalidate);
    return fanout;
  }

  @Test
  void aKeysNodesAreReadOnceAndKeptUntilAChangeDropsTheCopy() {
    MemoryInterestTable table = new MemoryInterestTable();
    Fanout fanout = fanout(table);
    fanout.toChannel("c", Buffer.buffer("1"));
    fanout.toChannel("c", Buffer.buffer("2"));
    assertEquals(1, fanout.reads());
    assertEquals(List.of(), arrived, "nobody wanted c: the copy says so");
    List<String> readers = table.add(InterestKeys.channel("c"), "self").await();
    assertEquals(List.of("self"), readers, "the node that kept a copy is told");
    fanout.invalidate(InterestKeys.channel("c"));
    fanout.toChannel("c", Buffer.buffer("3"));
    assertEquals(2, fanout.reads());
    assertEquals(List.of("c=3"), arrived);
  }

  @Test
  void framesOfAKeyLeaveInOrderWhateverOrderTheirReadsCompleteIn() {
    List<Promise<List<String>>> reads = new ArrayList<>();
    Fanout fanout = fanout(new HeldReads(reads));
    fanout.toChannel("c", Buffer.buffer("1"));
    fanout.invalidate(InterestKeys.channel("c"));
    fanout.toChannel("c", Buffer.buffer("2"));
    assertEquals(2, reads.size());
    reads.get(1).complete(List.of("self"));
    assertEquals(List.of(), arrived, "the second frame waits for the first");
    reads.get(0).complete(List.of("self"));
    assertEquals(List.of("c=1", "c=2"), arrived);
  }

  @Test
  void aDirectMessageReadsItsUsersNodesEachTimeAndKeepsNoCopy() {
    MemoryInterestTable table = new MemoryInterestTable();
    Fanout fanout = fanout(table);
    String key = InterestKeys.user("alice");
    fanout.toUser("alice", Buffer.buffer("1"));
    assertEquals(List.of(), table.add(key, "self").await(), "the sender is no reader of alice");
    fanout.toUser("alice", Buffer.buffer("2"));
    assertEquals(List.of("alice=2"), arrived, "the second message found her node without being told");
    assertEquals(0, fanout.copies());
    assertEquals(2, fanout.reads());
  }

  @Test
  void copiesAreBoundedAndTheTableIsToldWhichAreDropped() {
    List<String> forgotten = new CopyOnWriteArrayList<>();
    MemoryInterestTable memory = new MemoryInterestTable();
    Fanout fanout = fanout(new HeldReads(null) {
      @Override
      public Future<List<String>> read(String key, String reader) {
        return memory.read(key, reader);
      }

      @Override
      public Future<Void> forget(Collection<String> keys, String reader) {
        forgotten.addAll(keys);
        return memory.forget(keys, reader);
      }
    });
    for (int i = 0; i <= Fanout.MAX_COPIES; i++) {
      fanout.toChannel("c" + i, Buffer.buffer("x"));
    }
    assertTrue(fanout.copies() <= Fanout.MAX_COPIES, "copies: " + fanout.copies());
    assertEquals(Fanout.MAX_COPIES / 10, forgotten.size());
    assertEquals(List.of(), memory.add(forgotten.get(0), "n").await(), "a forgotten key has no reader left");
  }

  /** Reads that complete when the test says so; nothing else is used. */
  private static class HeldReads implements InterestTable {
    private final List<Promise<List<String>>> reads;

    HeldReads(List<Promise<List<String>>> reads) {
      this.reads = reads;
    }

    @Override
    public Future<List<String>> read(String key, String reader) {
      Promise<List<String>> read = Promise.promise();
      reads.add(read);
      return read.future();
    }

    @Override
    public Future<Void> forget(Collection<String> keys, String reader) {
      return Future.succeededFuture();
    }

    @Override
    public Future<List<String>> add(String key, String node) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<List<String>> remove(String key, String node) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<java.util.Map<String, List<String>>> addAll(Collection<String> keys, String node) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<List<String>> nodes(String key) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Integer> dropNode(String node) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long localKeys() {
      return 0;
    }
  }
}
