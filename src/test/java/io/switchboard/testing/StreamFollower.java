package io.switchboard.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;

/** A history channel's publisher and subscriber seen from outside, as the process tests drive them. */
public final class StreamFollower {
  private StreamFollower() {}

  /** Publishes and returns the answer: an ack, or an error while the cluster is split. */
  public static JsonObject publishAndAnswer(TestClient c, String channel, String content) {
    String ref = "p-" + content + "-" + System.nanoTime();
    c.send(new JsonObject().put("type", "message").put("channel", channel).put("content", content).put("ref", ref));
    return c.until(f -> ref.equals(f.getValue("ref")));
  }

  /**
   * Reads a subscriber's frames until it has {@code last}: every message follows the one before in
   * the same epoch, and a stream that changes comes with a {@code resubscribe} first, after which
   * it subscribes again with its last position. Returns what happened, for the log.
   */
  public static String followUntil(TestClient sub, String channel, JsonObject last) {
    String epoch = null;
    long offset = -1;
    StringBuilder outcome = new StringBuilder();
    while (true) {
      JsonObject f = sub.next();
      switch (f.getString("type")) {
        case "message" -> {
          if (epoch != null && !epoch.equals(f.getString("epoch"))) {
            throw new AssertionError("the stream changed without a resubscribe: " + f.encode() + " after " + epoch);
          }
          if (offset >= 0) {
            assertEquals(offset + 1, f.getLong("offset"), () -> "in order, no gap, no repeat: " + f.encode());
          }
          epoch = f.getString("epoch");
          offset = f.getLong("offset");
          if (epoch.equals(last.getString("epoch")) && offset == last.getLong("offset")) {
            return outcome.append("received everything up to ").append(offset).toString();
          }
        }
        case "resubscribe" -> {
          outcome.append("told to resubscribe (").append(f.getString("reason")).append(") at ").append(offset).append("; ");
          JsonObject again = new JsonObject().put("type", "subscribe").put("channel", channel).put("ref", "again");
          if (epoch != null) {
            again.put("since", new JsonObject().put("epoch", epoch).put("offset", offset));
          }
          sub.send(again);
          JsonObject answer = sub.until(a -> "again".equals(a.getValue("ref")));
          assertEquals("subscribed", answer.getString("type"), answer.encode());
          outcome.append("recovered ").append(answer.getBoolean("recovered")).append("; ");
          if (!Boolean.TRUE.equals(answer.getBoolean("recovered"))) {
            epoch = answer.getString("epoch");
            offset = answer.getLong("offset");
            if (epoch.equals(last.getString("epoch")) && offset >= last.getLong("offset")) {
              return outcome.append("its new position is past the last one").toString();
            }
          }
        }
        default -> {
          // presence and the like
        }
      }
    }
  }

  /** The channel's epoch, as a history query answers it. */
  public static String historyEpoch(TestClient c, String channel) {
    String ref = "h-" + System.nanoTime();
    c.send(new JsonObject().put("type", "history").put("channel", channel).put("limit", 1).put("ref", ref));
    return c.until(f -> ref.equals(f.getValue("ref"))).getString("epoch");
  }
}
