import io.switchboard.backend.BackendMember;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * A JVM backend: joins the nodes' cluster, publishes to a channel, sends a user a direct message.
 * Run from the project's directory, with the nodes' secret:
 *   SWITCHBOARD_JWT_SECRET=... java -cp target/switchboard.jar examples/jvm/Backend.java 127.0.0.1:5701
 */
public class Backend {
  public static void main(String[] args) throws Exception {
    String members = args.length > 0 ? args[0] : "127.0.0.1:5701";
    try (BackendMember backend = BackendMember.join(System.getenv("SWITCHBOARD_JWT_SECRET"), "switchboard", 5801, members)) {
      EventBus bus = backend.vertx().eventBus();
      JsonObject order = new JsonObject().put("channel", "orders").put("sender", "billing")
          .put("content", new JsonObject().put("id", 42));
      System.out.println("published " + bus.<JsonObject>request("switchboard.publish", order).await().body());
      bus.request("switchboard.direct", new JsonObject().put("user", "alice").put("content", "your invoice is ready"))
          .await();
      System.out.println("sent a direct message to alice");
    }
  }
}
