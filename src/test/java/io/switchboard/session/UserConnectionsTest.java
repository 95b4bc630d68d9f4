package io.switchboard.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Per-user connection slots on one node. */
class UserConnectionsTest {

  @Test
  void aUserGetsUpToMaxSlots() {
    UserConnections users = new UserConnections();
    assertTrue(users.tryAcquire("alice", 2));
    assertTrue(users.tryAcquire("alice", 2));
    assertFalse(users.tryAcquire("alice", 2));
    assertTrue(users.tryAcquire("bob", 2), "the limit is per user");
    assertEquals(2, users.users());
  }

  @Test
  void aReleasedSlotCanBeTakenAgain() {
    UserConnections users = new UserConnections();
    users.tryAcquire("alice", 1);
    assertFalse(users.tryAcquire("alice", 1));
    users.release("alice");
    assertTrue(users.tryAcquire("alice", 1));
  }

  @Test
  void aUserDisappearsWithTheirLastSlot() {
    UserConnections users = new UserConnections();
    users.tryAcquire("alice", 5);
    users.tryAcquire("alice", 5);
    users.release("alice");
    assertEquals(1, users.users());
    users.release("alice");
    assertEquals(0, users.users());
  }

  @Test
  void releasingAnUnknownUserIsANoOp() {
    UserConnections users = new UserConnections();
    users.release("nobody");
    assertEquals(0, users.users());
    users.tryAcquire("alice", 1);
    users.release("alice");
    users.release("alice");
    assertEquals(0, users.users());
    assertTrue(users.tryAcquire("alice", 1), "an extra release does not create credit");
    assertFalse(users.tryAcquire("alice", 1));
  }

  @Test
  void concurrentAcquiresNeverExceedTheLimit() throws Exception {
    UserConnections users = new UserConnections();
    int threads = 4;
    int attemptsPerThread = 500;
    int max = 7;
    AtomicInteger granted = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < attemptsPerThread; i++) {
            if (users.tryAcquire("alice", max)) {
              granted.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(max, granted.get());
    for (int i = 0; i < max; i++) {
      users.release("alice");
    }
    assertEquals(0, users.users());
  }
}
