package io.switchboard.interest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link InterestTable} must do, whatever holds it. An implementation's test extends this
 * class and says how to make a table; every call goes through the returned futures.
 */
public abstract class InterestTableContract {
  protected InterestTable table;
  /** A key no other test uses, so that a shared backend needs no cleaning. */
  protected String key;

  protected abstract InterestTable createTable();

  @BeforeEach
  void fresh() {
    table = createTable();
    key = InterestKeys.channel("interest:" + UUID.randomUUID());
  }

  private static <T> T result(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private Set<String> nodesOf(String k) {
    return Set.copyOf(result(table.nodes(k)));
  }

  @Test
  void aKeyNobodyWantsHasNoNodes() {
    assertEquals(Set.of(), nodesOf(key));
    assertEquals(List.of(), result(table.read(key, "reader")));
  }

  @Test
  void addsAreIdempotentAndSeenByTheNextRead() {
    result(table.add(key, "n1"));
    result(table.add(key, "n1"));
    result(table.add(key, "n2"));
    assertEquals(List.of("n1", "n2"), result(table.nodes(key)).stream().sorted().toList());
    assertEquals(List.of("n1", "n2"), result(table.read(key, "r")).stream().sorted().toList());
  }

  @Test
  void theLastRemoveEmptiesTheKey() {
    result(table.add(key, "n1"));
    result(table.add(key, "n2"));
    result(table.remove(key, "n1"));
    result(table.remove(key, "n1"));
    assertEquals(Set.of("n2"), nodesOf(key));
    result(table.remove(key, "n2"));
    assertEquals(Set.of(), nodesOf(key));
    result(table.remove(key, "never-there"));
    assertEquals(Set.of(), nodesOf(key));
  }

  /** The guarantee behind a truthful subscribed: a change returns everyone who read before it. */
  @Test
  void aChangeReturnsEveryReaderUntilTheyForget() {
    assertEquals(List.of(), result(table.add(key, "n1")), "nobody read it yet");
    assertEquals(List.of("n1"), result(table.read(key, "r1")));
    assertEquals(List.of("n1"), result(table.read(key, "r2")));
    result(table.read(key, "r1"));
    assertEquals(List.of("r1", "r2"), result(table.add(key, "n2")).stream().sorted().toList());
    result(table.forget(List.of(key), "r1"));
    assertEquals(List.of("r2"), result(table.remove(key, "n1")));
    result(table.forget(List.of(key), "r2"));
    assertEquals(List.of(), result(table.remove(key, "n2")));
    assertEquals(Set.of(), nodesOf(key));
  }

  /** A reader of a key nobody wants is still told when somebody starts to: its copy was "nobody". */
  @Test
  void aReaderOfAnEmptyKeyIsToldOfTheFirstNode() {
    assertEquals(List.of(), result(table.read(key, "r1")));
    assertEquals(List.of("r1"), result(table.add(key, "n1")));
  }

  @Test
  void changesToOneKeyApplyInTheOrderTheyWereMade() {
    List<Future<?>> changes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      changes.add(table.add(key, "n1"));
      changes.add(table.remove(key, "n1"));
    }
    changes.add(table.add(key, "n1"));
    changes.forEach(InterestTableContract::result);
    assertEquals(Set.of("n1"), nodesOf(key));
  }

  @Test
  void addAllAddsTheNodeToEveryKeyAndReturnsTheirReaders() {
    String other = InterestKeys.user("interest-" + UUID.randomUUID());
    result(table.add(key, "n2"));
    result(table.read(key, "r1"));
    assertEquals(List.of("r1"), result(table.addAll(List.of(key, other), "n1")).get(key));
    result(table.addAll(List.of(), "n1"));
    assertEquals(Set.of("n1", "n2"), nodesOf(key));
    assertEquals(Set.of("n1"), nodesOf(other));
  }

  @Test
  void aDroppedNodeLeavesEveryKeyAsNodeAndReaderAndOnlyIt() {
    String other = InterestKeys.user("interest-" + UUID.randomUUID());
    String third = InterestKeys.user("interest-" + UUID.randomUUID());
    String lost = "lost-" + UUID.randomUUID();
    result(table.add(key, lost));
    result(table.add(key, "n1"));
    result(table.add(other, lost));
    result(table.read(third, lost));
    result(table.read(third, "r1"));
    assertEquals(3, result(table.dropNode(lost)));
    assertEquals(Set.of("n1"), nodesOf(key));
    assertEquals(Set.of(), nodesOf(other));
    assertEquals(List.of("r1"), result(table.add(third, "n1")), "the lost node is no reader any more");
    assertEquals(0, result(table.dropNode(lost)));
  }
}
