package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.history.ChannelStreams;
import io.switchboard.testing.TestNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The API over HTTP when the cluster cannot serve a call: a history that cannot be written
 * (Hazelcast unreachable, say) is a 503 with the protocol's {@code unavailable}, at once, and the
 * node goes on serving the calls it can.
 */
class ApiUnavailableEndToEndTest {
  /** The node's history with every append failing, as it fails when the cluster does not answer. */
  private static ChannelStreams unwritable(ChannelStreams streams) {
    return (ChannelStreams) Proxy.newProxyInstance(ChannelStreams.class.getClassLoader(), new Class<?>[] {ChannelStreams.class},
        (proxy, method, args) -> {
          if (method.getName().equals("append") && args.length == 5) {
            return Future.failedFuture(new IllegalStateException("the cluster did not answer"));
          }
          try {
            return method.invoke(streams, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static HttpResponse<String> publish(TestNode node, String channel) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.apiPort() + "/api/publish"))
        .header("X-API-Key", TestNode.API_KEY)
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("channel", channel).put("content", 1).encode()))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aHistoryThatCannotBeWrittenIs503UnavailableAndTheRestIsServed() throws Exception {
    try (TestNode node = TestNode.startInCluster("api-unavailable-" + UUID.randomUUID(), ApiUnavailableEndToEndTest::unwritable,
        "cluster.members=[]", "api.keys=test:" + TestNode.API_KEY,
        "namespaces=[{name: feed, subscribe: [authenticated], publish: [authenticated], presence: false,"
            + " history: {size: 10, ttl: 1m}}, {name: '', subscribe: [authenticated], publish: [authenticated]}]")) {
      HttpResponse<String> refused = publish(node, "feed:news");
      assertEquals(503, refused.statusCode(), refused.body());
      assertEquals("unavailable", new JsonObject(refused.body()).getJsonObject("error").getString("code"));
      assertEquals(200, publish(node, "lobby").statusCode(), "a channel without history is still served");
    }
  }
}
