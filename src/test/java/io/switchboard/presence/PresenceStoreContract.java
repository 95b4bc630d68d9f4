package io.switchboard.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PresenceStore} must do, whatever holds the state. An implementation's test
 * extends this class and says how to make a fresh, empty store. Every call goes through the returned
 * futures, awaited on the test thread, so an asynchronous implementation is tested the same way.
 */
public abstract class PresenceStoreContract {
  private static final long TIMEOUT_SECONDS = 10;

  protected PresenceStore store;
  /** A channel name no other test uses, so that a shared backend needs no cleaning between tests. */
  protected String channel;

  /** A fresh store with no entries of its own ({@link PresenceStore#localEntries()} is 0). */
  protected abstract PresenceStore createStore() throws Exception;

  /** Gives back what {@link #createStore} took; nothing by default. */
  protected void destroyStore(PresenceStore store) throws Exception {}

  @BeforeEach
  void createTheStore() throws Exception {
    store = createStore();
    channel = "room-" + UUID.randomUUID();
  }

  @AfterEach
  void destroyTheStore() throws Exception {
    destroyStore(store);
  }

  protected static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the store did not answer in " + TIMEOUT_SECONDS + " s", e);
    }
  }

  private boolean add(String user, String connection) {
    return await(store.add(channel, user, connection));
  }

  private boolean remove(String user, String connection) {
    return await(store.remove(channel, user, connection));
  }

  private List<String> users() {
    return await(store.users(channel));
  }

  private int userCount() {
    return await(store.userCount(channel));
  }

  @Test
  void everyChangeGivesTheSnapshotALaterVersionAlsoAfterTheChannelEmptied() {
    assertEquals(new PresenceSnapshot(List.of(), 0), await(store.snapshot(channel)));
    add("alice", "n1/1");
    PresenceSnapshot first = await(store.snapshot(channel));
    assertEquals(List.of("alice"), first.users());
    add("bob", "n1/2");
    PresenceSnapshot second = await(store.snapshot(channel));
    assertEquals(List.of("alice", "bob"), second.users());
    assertTrue(second.version() > first.version(), second + " after " + first);
    assertEquals(second, await(store.snapshot(channel)), "reading changes nothing");
    remove("alice", "n1/1");
    PresenceSnapshot third = await(store.snapshot(channel));
    assertTrue(third.version() > second.version(), third + " after " + second);
    remove("bob", "n1/2");
    add("carol", "n1/3");
    PresenceSnapshot refilled = await(store.snapshot(channel));
    assertEquals(List.of("carol"), refilled.users());
    assertTrue(refilled.version() > third.version(), "emptied and filled again: " + refilled + " after " + third);
    await(store.removeNode("n1"));
    assertEquals(List.of(), await(store.snapshot(channel)).users());
  }

  @Test
  void anEmptyChannelHasNoUsers() {
    assertEquals(List.of(), users());
    assertEquals(0, userCount());
    assertEquals(0, store.localEntries());
  }

  @Test
  void addIsAJoinOnlyForTheUsersFirstConnection() {
    assertTrue(add("alice", "c1"));
    assertFalse(add("alice", "c2"));
    assertTrue(add("bob", "c3"));
    assertEquals(3, store.localEntries());
  }

  @Test
  void renewingWhatIsThereChangesNothingAndIsNoJoin() {
    add("alice", "c1");
    add("alice", "c2");
    add("bob", "c3");
    assertEquals(java.util.Map.of(), await(store.renewLocal()));
    assertEquals(List.of("alice", "bob"), users());
    assertEquals(3, store.localEntries());
    remove("alice", "c1");
    remove("alice", "c2");
    remove("bob", "c3");
    assertEquals(java.util.Map.of(), await(store.renewLocal()), "nothing held, nothing renewed");
    assertEquals(List.of(), users());
  }

  @Test
  void addingTheSameConnectionTwiceCountsOnce() {
    assertTrue(add("alice", "c1"));
    assertFalse(add("alice", "c1"));
    assertEquals(1, store.localEntries());
    assertTrue(remove("alice", "c1"), "one remove undoes it");
    assertEquals(0, store.localEntries());
  }

  @Test
  void removeIsALeaveOnlyForTheUsersLastConnection() {
    add("alice", "c1");
    add("alice", "c2");
    assertFalse(remove("alice", "c1"));
    assertEquals(List.of("alice"), users());
    assertTrue(remove("alice", "c2"));
    assertEquals(List.of(), users());
  }

  @Test
  void usersAreDeduplicatedAndInJoinOrder() {
    add("carol", "c1");
    add("alice", "c2");
    add("carol", "c3");
    add("bob", "c4");
    add("alice", "c5");
    assertEquals(List.of("carol", "alice", "bob"), users());
    assertEquals(3, userCount());
    assertEquals(new PresenceStats(3, 5), await(store.stats(channel)));
    assertEquals(new PresenceStats(0, 0), await(store.stats(channel + "-empty")));
  }

  @Test
  void aUserWhoLeavesAndComesBackJoinsAtTheEnd() {
    add("alice", "c1");
    add("bob", "c2");
    remove("alice", "c1");
    assertTrue(add("alice", "c3"));
    assertEquals(List.of("bob", "alice"), users());
  }

  @Test
  void channelsAreIndependent() {
    String other = channel + "-other";
    add("alice", "c1");
    assertTrue(await(store.add(other, "alice", "c1")), "present in one channel is not present in another");
    await(store.add(other, "bob", "c2"));
    assertEquals(List.of("alice"), users());
    assertEquals(2, await(store.userCount(other)));
    assertTrue(remove("alice", "c1"));
    assertEquals(List.of("alice", "bob"), await(store.users(other)));
    assertEquals(2, store.localEntries());
  }

  @Test
  void removingEverythingBringsLocalEntriesBackToZero() {
    for (int i = 0; i < 20; i++) {
      add("user-" + (i % 5), "c" + i);
    }
    assertEquals(20, store.localEntries());
    assertEquals(5, userCount());
    for (int i = 0; i < 20; i++) {
      remove("user-" + (i % 5), "c" + i);
    }
    assertEquals(0, store.localEntries());
    assertEquals(0, userCount());
    assertEquals(List.of(), users());
  }

  @Test
  void localChannelsAreTheChannelsWithAnEntryOfThisNode() {
    assertEquals(java.util.Set.of(), store.localChannels());
    add("alice", "c1");
    await(store.add(channel + "-other", "bob", "c2"));
    assertEquals(java.util.Set.of(channel, channel + "-other"), store.localChannels());
    remove("alice", "c1");
    assertEquals(java.util.Set.of(channel + "-other"), store.localChannels());
    await(store.remove(channel + "-other", "bob", "c2"));
    assertEquals(java.util.Set.of(), store.localChannels());
  }

  @Test
  void removingAbsentEntriesIsANoOp() {
    assertFalse(await(store.remove(channel + "-never-used", "alice", "c1")), "unknown channel");
    add("alice", "c1");
    assertFalse(remove("bob", "c1"), "unknown user");
    assertFalse(remove("alice", "c9"), "unknown connection of a present user");
    assertEquals(List.of("alice"), users());
    assertEquals(1, store.localEntries());
    assertTrue(remove("alice", "c1"));
    assertFalse(remove("alice", "c1"), "removed twice");
    assertEquals(0, store.localEntries());
  }

  @Test
  void concurrentAddsAndRemovesEndConsistent() throws Exception {
    int threads = 4;
    int connectionsPerThread = 150;
    int distinctUsers = 10;
    AtomicInteger joins = new AtomicInteger();
    AtomicInteger leaves = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < connectionsPerThread; i++) {
            if (add("user-" + (i % distinctUsers), "t" + thread + "-c" + i)) {
              joins.incrementAndGet();
            }
          }
          // every thread keeps its connections of user-0 and gives back the others
          for (int i = 0; i < connectionsPerThread; i++) {
            if (i % distinctUsers != 0 && remove("user-" + (i % distinctUsers), "t" + thread + "-c" + i)) {
              leaves.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (java.util.concurrent.Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    int kept = threads * (connectionsPerThread / distinctUsers);
    assertEquals(kept, store.localEntries());
    assertEquals(List.of("user-0"), users());
    assertEquals(1, userCount());
    assertEquals(1, joins.get() - leaves.get(), "every join but user-0's was matched by exactly one leave");

    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < connectionsPerThread; i += distinctUsers) {
        remove("user-0", "t" + t + "-c" + i);
      }
    }
    assertEquals(0, store.localEntries());
    assertEquals(0, userCount());
  }
}
