package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.testing.RunningNode;
import io.switchboard.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The API at its documented limits, on a node with the default body limit (1 MiB). */
class ApiLimitsEndToEndTest {
  @RegisterExtension
  static final RunningNode node = new RunningNode("namespaces=["
      + "{name: '', subscribe: [authenticated], publish: [authenticated], presence: false}]");

  private static HttpResponse<String> batch(JsonArray commands) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.apiPort() + "/api/batch"))
        .timeout(Duration.ofSeconds(30)).header("X-API-Key", TestNode.API_KEY)
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("commands", commands).encode())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aBatchOfTheMostCommandsIsAnsweredWholeAndOneMoreIsRefused() throws Exception {
    JsonArray commands = new JsonArray();
    for (int i = 0; i < ServerApi.MAX_FANOUT; i++) {
      commands.add(new JsonObject().put("method", "publish")
          .put("params", new JsonObject().put("channel", "nobody-listens").put("content", i)));
    }
    HttpResponse<String> whole = batch(commands);
    assertEquals(200, whole.statusCode(), whole.body());
    assertEquals(ServerApi.MAX_FANOUT, new JsonObject(whole.body()).getJsonArray("replies").size());
    commands.add(commands.getJsonObject(0));
    HttpResponse<String> over = batch(commands);
    assertEquals(400, over.statusCode());
    assertEquals("bad_request", new JsonObject(over.body()).getJsonObject("error").getString("code"));
  }
}
