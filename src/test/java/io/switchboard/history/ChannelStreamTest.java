package io.switchboard.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One stream's arithmetic with chosen times: offsets, trimming by size and age, completeness. */
class ChannelStreamTest {
  private static final long TTL = 10_000;

  private static List<Long> offsets(HistoryPage page) {
    return page.publications().stream().map(StoredPublication::offset).toList();
  }

  @Test
  void offsetsStartAtOneWithoutGapsUnderOneEpoch() {
    ChannelStream s = new ChannelStream("e1");
    assertEquals(new StreamPosition("e1", 0), s.position());
    for (int i = 1; i <= 3; i++) {
      assertEquals(new StreamPosition("e1", i), s.append("alice", "\"m" + i + "\"", 1000, 10, TTL));
    }
    HistoryPage all = s.after(0, 100, 1000, TTL);
    assertEquals(List.of(1L, 2L, 3L), offsets(all));
    assertEquals("\"m2\"", all.publications().get(1).content());
    assertEquals("alice", all.publications().get(1).sender());
    assertTrue(all.complete());
  }

  @Test
  void theSizeBoundTrimsTheOldestAndReadsSayWhenSomethingWasLost() {
    ChannelStream s = new ChannelStream("e");
    for (int i = 0; i < 8; i++) {
      s.append("u", "1", 0, 5, TTL);
    }
    assertEquals(List.of(4L, 5L, 6L, 7L, 8L), offsets(s.after(0, 100, 0, TTL)));
    assertFalse(s.after(2, 100, 0, TTL).complete(), "offset 3 was trimmed");
    assertTrue(s.after(3, 100, 0, TTL).complete());
    assertEquals(List.of(4L, 5L), offsets(s.after(3, 2, 0, TTL)));
    assertTrue(s.after(8, 100, 0, TTL).complete(), "nothing missed");
    assertFalse(s.after(9, 100, 0, TTL).complete(), "an offset the stream never reached");
    assertFalse(s.after(-1, 100, 0, TTL).complete());
    assertEquals(List.of(8L, 7L), offsets(s.before(Long.MAX_VALUE, 2, 0, TTL)));
    assertEquals(List.of(5L, 4L), offsets(s.before(6, 5, 0, TTL)), "before an offset, newest first");
  }

  @Test
  void anIdempotencyKeyStillKeptAnswersTheFirstPlaceAndAppendsNothing() {
    ChannelStream s = new ChannelStream("e");
    Appended first = s.append("backend", "1", "k-1", 0, 3, TTL);
    assertEquals(new Appended(new StreamPosition("e", 1), false), first);
    s.append("backend", "2", "k-2", 0, 3, TTL);
    assertEquals(new Appended(new StreamPosition("e", 1), true), s.append("backend", "1", "k-1", 0, 3, TTL));
    assertEquals(new StreamPosition("e", 2), s.position(), "the retry appended nothing");
    s.append("u", "3", null, 0, 3, TTL);
    s.append("u", "4", null, 0, 3, TTL);
    assertEquals(new Appended(new StreamPosition("e", 5), false), s.append("backend", "1", "k-1", 0, 3, TTL),
        "a key whose publication was trimmed is not remembered");
  }

  @Test
  void aRetriedAppendFindsItsFirstRunAmongTheLatestPublications() {
    ChannelStream s = new ChannelStream("e");
    Appended first = s.append("u", "1", null, 77, 0, 5000, TTL);
    for (int i = 0; i < ChannelStream.RETRY_WINDOW - 1; i++) {
      s.append("u", "x", null, 1000 + i, 0, 5000, TTL);
    }
    Appended retry = s.append("u", "1", null, 77, 0, 5000, TTL);
    assertTrue(retry.repeated(), "the run the dead owner made is in the backup: the retry finds it");
    assertEquals(first.position(), retry.position());
    assertEquals(ChannelStream.RETRY_WINDOW, s.position().offset(), "nothing appended twice");
    s.append("u", "y", null, 5, 0, 5000, TTL);
    Appended late = s.append("u", "1", null, 77, 0, 5000, TTL);
    assertFalse(late.repeated(), "a tag is looked for among the latest " + ChannelStream.RETRY_WINDOW + " only");
    assertFalse(s.append("u", "z", null, 0, 0, 5000, TTL).repeated(), "0 is no tag");
    assertFalse(s.append("u", "z", null, 0, 0, 5000, TTL).repeated());
  }

  /** Two copies of one stream, as the two sides of a split-brain hold them: appends made on each. */
  private static ChannelStream[] split(int before) {
    ChannelStream a = new ChannelStream("e");
    ChannelStream b = new ChannelStream("e");
    for (int i = 0; i < before; i++) {
      a.append("u", "" + i, null, 7 + i, 0, 100, TTL);
      b.append("u", "" + i, null, 7 + i, 0, 100, TTL);
    }
    return new ChannelStream[] {a, b};
  }

  @Test
  void aSplitWhereOneSidePublishedKeepsItsStreamWhole() {
    ChannelStream[] sides = split(5);
    sides[1].append("u", "b-only", null, 99, 0, 100, TTL);
    sides[1].append("u", "b-only-2", null, 98, 0, 100, TTL);
    ChannelStream merged = ChannelStream.merge(sides[0], sides[1]);
    assertEquals(new StreamPosition("e", 7), merged.position(), "the side that published is kept, same epoch");
    assertSame(sides[1], merged);
    assertSame(sides[0], ChannelStream.merge(sides[0], split(5)[1]), "nothing published anywhere: unchanged");
    ChannelStream[] quiet = split(3);
    assertSame(quiet[0], ChannelStream.merge(quiet[0], new ChannelStream("e")), "an empty side extends nothing");
  }

  @Test
  void aSplitWhereBothSidesPublishedGetsANewEpochTheSameOnEveryMember() {
    ChannelStream[] sides = split(5);
    sides[0].append("u", "a-side", null, 50, 0, 100, TTL);
    sides[1].append("u", "b-side", null, 51, 0, 100, TTL);
    sides[1].append("u", "b-side-2", null, 52, 0, 100, TTL);
    ChannelStream merged = ChannelStream.merge(sides[0], sides[1]);
    assertNotEquals("e", merged.position().epoch(), "every position either side handed out is stale");
    assertEquals(6, merged.position().offset(), "the side merged into is kept, under the new epoch");
    assertEquals(merged.position(), ChannelStream.merge(sides[0], sides[1]).position(), "deterministic");
    assertEquals(6, merged.after(0, 10, 0, TTL).publications().size());
    ChannelStream other = new ChannelStream("other");
    assertSame(sides[0], ChannelStream.merge(sides[0], other), "another epoch already tells its subscribers");
  }

  @Test
  void aSplitWhoseMeetingPointIsNoLongerKeptCountsAsDiverged() {
    ChannelStream a = new ChannelStream("e");
    ChannelStream b = new ChannelStream("e");
    for (int i = 0; i < 3; i++) {
      a.append("u", "" + i, null, 10 + i, 0, 2, TTL);
      b.append("u", "" + i, null, 10 + i, 0, 2, TTL);
    }
    for (int i = 0; i < 3; i++) {
      a.append("u", "a" + i, null, 20 + i, 0, 2, TTL); // offset 3 is trimmed from a
    }
    assertNotEquals("e", ChannelStream.merge(a, b).position().epoch(), "b's top (3) cannot be checked in a");
  }

  @Test
  void theAgeBoundHidesAndTrimsOldPublicationsButKeepsThePosition() {
    ChannelStream s = new ChannelStream("e");
    s.append("u", "1", 0, 10, TTL);
    s.append("u", "2", 5_000, 10, TTL);
    assertEquals(List.of(2L), offsets(s.after(0, 100, 12_000, TTL)), "the first is older than the ttl");
    assertFalse(s.after(0, 100, 12_000, TTL).complete());
    assertTrue(s.after(1, 100, 12_000, TTL).complete());
    HistoryPage later = s.after(2, 100, 60_000, TTL);
    assertEquals(List.of(), offsets(later));
    assertTrue(later.complete(), "nothing was missed, even though history expired");
    assertEquals(new StreamPosition("e", 2), later.top());
    assertEquals(new StreamPosition("e", 3), s.append("u", "3", 60_000, 10, TTL), "and the offsets go on");
    assertEquals(List.of(3L), offsets(s.after(0, 100, 60_000, TTL)), "the expired ones were trimmed by the append");
  }

  @Test
  void aStreamThatDoesNotExistReadsAsEmptyAndCompleteFromZero() {
    assertEquals(StreamPosition.NONE, ChannelStream.EMPTY.position());
    assertTrue(ChannelStream.EMPTY.after(0, 10, 0, TTL).complete());
    assertFalse(ChannelStream.EMPTY.after(5, 10, 0, TTL).complete());
  }

  @Test
  void epochsAreRandomAndDistinct() {
    String a = ChannelStream.newEpoch();
    String b = ChannelStream.newEpoch();
    assertEquals(16, a.length());
    assertFalse(a.equals(b));
  }
}
