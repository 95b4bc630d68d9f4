package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.switchboard.testing.RunningNode;
import io.switchboard.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAPI description the node serves, held against the node itself: it names exactly the
 * methods the API has, each documented example request is accepted, and every answer (a result,
 * a refusal) is what the description says it is, checked by Vert.x's OpenAPI validator.
 */
class ApiContractTest {
  @RegisterExtension
  static final RunningNode node = new RunningNode("namespaces=["
      + "{name: '', subscribe: [authenticated], publish: [authenticated], presence: true},"
      + "{name: feed, subscribe: [authenticated], publish: [authenticated], presence: false,"
      + " history: {size: 50, ttl: 1h}}]");

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static Vertx vertx;
  private static OpenAPIContract contract;
  private static ResponseValidator validator;

  @BeforeAll
  static void loadTheServedDescription() throws Exception {
    vertx = Vertx.vertx();
    HttpResponse<String> served = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + node.apiPort() + ApiListener.OPENAPI_PATH)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, served.statusCode(), "served without a key");
    contract = OpenAPIContract.from(vertx, new JsonObject(served.body())).await();
    validator = ResponseValidator.create(vertx, contract);
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  private static HttpResponse<String> post(String path, String body, String key) throws IOException, InterruptedException {
    return post(node.apiPort(), path, body, key);
  }

  private static HttpResponse<String> post(int apiPort, String path, String body, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
        .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      r.header("X-API-Key", key);
    }
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertDescribed(Operation op, HttpResponse<String> answer) {
    String type = answer.headers().firstValue("Content-Type").orElse("");
    validator.validate(ValidatableResponse.create(answer.statusCode(), Buffer.buffer(answer.body()), type),
        op.getOperationId()).await();
  }

  @Test
  void theDescriptionNamesExactlyTheMethodsTheApiHas() {
    Set<String> described = contract.operations().stream().map(Operation::getOperationId)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(ServerApi.METHODS), described);
    contract.operations().forEach(op -> assertEquals("/api/" + op.getOperationId(), op.getOpenAPIPath()));
  }

  @Test
  void everyExampleIsAcceptedAndAnsweredAsDescribed() throws Exception {
    for (Operation op : contract.operations()) {
      JsonObject example = op.getRequestBody().getContent().get("application/json").getOpenAPIModel()
          .getJsonObject("example");
      assertNotNull(example, op.getOperationId() + " has an example");
      HttpResponse<String> answer;
      if (op.getOperationId().equals("drain")) { // it stops the node it is sent to: a node of its own
        try (TestNode drained = TestNode.start()) {
          answer = post(drained.apiPort(), op.getOpenAPIPath(), example.encode(), TestNode.API_KEY);
          drained.node.terminated().await(30, java.util.concurrent.TimeUnit.SECONDS);
        }
      } else {
        answer = post(op.getOpenAPIPath(), example.encode(), TestNode.API_KEY);
      }
      assertEquals(200, answer.statusCode(), op.getOperationId() + ": " + answer.body());
      assertDescribed(op, answer);
    }
  }

  @Test
  void refusalsAreAnsweredAsDescribed() throws Exception {
    for (Operation op : contract.operations()) {
      HttpResponse<String> noKey = post(op.getOpenAPIPath(), "{}", null);
      assertEquals(401, noKey.statusCode());
      assertDescribed(op, noKey);
      HttpResponse<String> notAnObject = post(op.getOpenAPIPath(), "[]", TestNode.API_KEY);
      assertEquals(400, notAnObject.statusCode());
      assertDescribed(op, notAnObject);
    }
  }
}
