package io.switchboard.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

/**
 * A well-behaved client on the same node as an attack: subscribed to a channel of its own, it
 * publishes and must receive its own message within a bound, before, during and after the attack.
 */
public final class Bystander implements AutoCloseable {
  private final TestClient client;
  private final String channel;

  private Bystander(TestClient client, String channel) {
    this.client = client;
    this.channel = channel;
  }

  /** Connects {@code user} (from 127.0.0.1) and subscribes it to a channel of its own. */
  public static Bystander join(RunningNode node, String user) {
    String channel = "bystander-" + UUID.randomUUID();
    TestClient client = node.connect(user);
    client.subscribe(channel);
    return new Bystander(client, channel);
  }

  /** Publishes and asserts that the message comes back within {@code bound}. */
  public void assertServedWithin(Duration bound) {
    String marker = UUID.randomUUID().toString();
    long start = System.nanoTime();
    client.publish(channel, marker);
    String got = client.until(f -> "message".equals(f.getString("type")) && marker.equals(f.getValue("content")))
        .getString("content");
    long elapsed = System.nanoTime() - start;
    assertEquals(marker, got);
    assertTrue(elapsed < bound.toNanos(), "the bystander waited " + elapsed / 1_000_000 + " ms");
  }

  @Override
  public void close() {
    client.close();
  }
}
