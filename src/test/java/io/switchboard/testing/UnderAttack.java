package io.switchboard.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension for hostile-client tests: before each test a {@link Bystander} joins the node
 * and the log is watched; after it, the bystander must still be served within a bound, the node
 * must hold no session but the bystander's (then none), and nothing may have been logged at
 * WARNING or above: an attack is counted in metrics, not logged.
 *
 * <pre>{@code @RegisterExtension final UnderAttack attack = new UnderAttack(node);}</pre>
 */
public final class UnderAttack implements BeforeEachCallback, AfterEachCallback {
  private final RunningNode node;
  private Bystander bystander;
  private LogWatch logs;

  public UnderAttack(RunningNode node) {
    this.node = node;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    bystander = Bystander.join(node, "bystander");
    logs = LogWatch.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      bystander.assertServedWithin(Duration.ofSeconds(3));
      bystander.close();
      await().atMost(Duration.ofSeconds(10)).until(() -> node.stats().getLong("sessions") == 0);
      logs.assertNothingLogged();
    } finally {
      logs.close();
    }
  }

  /** The well-behaved client of this test. */
  public Bystander bystander() {
    return bystander;
  }
}
