package io.switchboard.session;

import static io.switchboard.session.RateLimiter.Verdict.ACCEPT;
import static io.switchboard.session.RateLimiter.Verdict.CLOSE;
import static io.switchboard.session.RateLimiter.Verdict.REJECT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token bucket of one connection, driven by an explicit clock (nanoseconds). */
class RateLimiterTest {
  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000 * MS;
  private static final long START = 123_456_789L;
  private static final long WINDOW = 10 * SECOND;

  private static List<RateLimiter.Verdict> frames(RateLimiter limiter, int n, long at) {
    List<RateLimiter.Verdict> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(limiter.onFrame(at));
    }
    return out;
  }

  @Test
  void theBurstIsAvailableAtOnceThenFramesAreRejected() {
    RateLimiter limiter = new RateLimiter(10, 3, 100, WINDOW, START);
    assertEquals(List.of(ACCEPT, ACCEPT, ACCEPT, REJECT, REJECT), frames(limiter, 5, START));
  }

  @Test
  void tokensRefillAtTheSustainedRate() {
    RateLimiter limiter = new RateLimiter(10, 3, 100, WINDOW, START);
    frames(limiter, 3, START);
    assertEquals(REJECT, limiter.onFrame(START + 50 * MS), "half a token after 50 ms");
    assertEquals(ACCEPT, limiter.onFrame(START + 100 * MS), "one token per 100 ms at 10/s");
    assertEquals(REJECT, limiter.onFrame(START + 100 * MS));
    assertEquals(List.of(ACCEPT, ACCEPT, REJECT), frames(limiter, 3, START + 300 * MS));
  }

  @Test
  void refillIsCappedAtTheBurst() {
    RateLimiter limiter = new RateLimiter(10, 3, 100, WINDOW, START);
    frames(limiter, 3, START);
    long muchLater = START + 3_600 * SECOND;
    assertEquals(List.of(ACCEPT, ACCEPT, ACCEPT, REJECT), frames(limiter, 4, muchLater));
  }

  @Test
  void aSteadySenderAtTheRateIsNeverRejected() {
    RateLimiter limiter = new RateLimiter(50, 1, 3, WINDOW, START);
    for (int i = 0; i < 1_000; i++) {
      assertEquals(ACCEPT, limiter.onFrame(START + i * 20 * MS), "frame " + i);
    }
  }

  @Test
  void rejectsThenClosesAfterCloseAfterRejectedRejectionsInTheWindow() {
    RateLimiter limiter = new RateLimiter(1, 2, 4, WINDOW, START);
    assertEquals(List.of(ACCEPT, ACCEPT, REJECT, REJECT, REJECT, CLOSE), frames(limiter, 6, START + MS));
  }

  @Test
  void rejectionsSpreadWithinTheWindowStillAddUpToAClose() {
    RateLimiter limiter = new RateLimiter(1, 1, 3, WINDOW, START);
    assertEquals(ACCEPT, limiter.onFrame(START));
    assertEquals(REJECT, limiter.onFrame(START + 100 * MS));
    assertEquals(REJECT, limiter.onFrame(START + 500 * MS));
    assertEquals(CLOSE, limiter.onFrame(START + 900 * MS));
  }

  @Test
  void theRejectionCountStartsAgainInANewWindow() {
    long window = 100 * MS; // short, so that the bucket (1/s) refills less than one token meanwhile
    RateLimiter limiter = new RateLimiter(1, 1, 3, window, START);
    assertEquals(ACCEPT, limiter.onFrame(START));
    assertEquals(List.of(REJECT, REJECT), frames(limiter, 2, START + MS));
    long nextWindow = START + 150 * MS;
    assertEquals(List.of(REJECT, REJECT, CLOSE), frames(limiter, 3, nextWindow),
        "two old rejections do not count in the new window");
  }
}
