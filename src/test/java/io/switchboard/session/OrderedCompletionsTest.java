package io.switchboard.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderedCompletionsTest {
  @Test
  void resultsAreActedOnInTheOrderOfTheCallsAndAtMostMaxWait() {
    OrderedCompletions queue = new OrderedCompletions(3);
    List<String> done = new ArrayList<>();
    List<Promise<String>> calls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Promise<String> p = Promise.promise();
      calls.add(p);
      assertTrue(queue.add(p.future(), ar -> done.add(ar.succeeded() ? ar.result() : "failed")));
    }
    assertFalse(queue.add(Promise.<String>promise().future(), ar -> done.add("never")), "a fourth is refused");
    calls.get(2).complete("c");
    calls.get(1).fail("b");
    assertEquals(List.of(), done, "the first is still waiting");
    calls.get(0).complete("a");
    assertEquals(List.of("a", "failed", "c"), done);
    assertEquals(0, queue.size());
    assertTrue(queue.add(Promise.<String>promise().future(), ar -> { }), "room again");
  }
}
