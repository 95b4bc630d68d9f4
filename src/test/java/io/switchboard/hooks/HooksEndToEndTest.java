package io.switchboard.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RunningNode;
import io.switchboard.testing.TestClient;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Backend hooks against a real node and real WebSocket clients: a backend on the event bus that
 * accepts, rewrites, rejects, fails, answers late, twice or never, for publications and rpc calls.
 */
class HooksEndToEndTest {
  @RegisterExtension
  static final RunningNode node = new RunningNode("namespaces=["
      + "{name: moderated, subscribe: [authenticated], publish: [authenticated], presence: false,"
      + " hooks: {publish: backend, timeout: 500ms}},"
      + "{name: orphan, subscribe: [authenticated], publish: [authenticated], presence: false,"
      + " hooks: {publish: backend, timeout: 500ms}},"
      + "{name: open, subscribe: [authenticated], publish: [authenticated], presence: false}]",
      "rpc.methods=[echo, silent, refuse]", "rpc.timeout=500ms", "rpc.maxPending=2");

  private static final List<MessageConsumer<?>> backends = new ArrayList<>();

  /** The moderation backend: what it does depends on the content it is asked about. */
  @BeforeAll
  static void startTheBackends() {
    Vertx vertx = node.node().node.vertx();
    backends.add(vertx.eventBus().<JsonObject>consumer("switchboard.inbound.moderated", m -> {
      Object content = m.body().getValue("content");
      if ("swear".equals(content)) {
        m.reply(new JsonObject().put("error", new JsonObject().put("code", "forbidden").put("message", "no swearing")));
      } else if ("rewrite".equals(content)) {
        m.reply(new JsonObject().put("content", "rewritten for " + m.body().getString("user")));
      } else if ("bad".equals(content)) {
        m.fail(400, "not like that");
      } else if ("silence".equals(content)) {
        // no answer at all
      } else if ("twice".equals(content)) {
        m.reply(new JsonObject());
        m.reply(new JsonObject().put("content", "second answer"));
      } else if ("late".equals(content)) {
        vertx.setTimer(200, t -> m.reply(new JsonObject()));
      } else {
        m.reply(new JsonObject());
      }
    }));
    backends.add(vertx.eventBus().<JsonObject>consumer("switchboard.rpc.echo",
        m -> m.reply(new JsonObject().put("echo", m.body().getValue("data")).put("user", m.body().getString("user")))));
    backends.add(vertx.eventBus().<JsonObject>consumer("switchboard.rpc.silent", m -> { }));
    backends.add(vertx.eventBus().<JsonObject>consumer("switchboard.rpc.refuse",
        m -> m.reply(new JsonObject().put("error", new JsonObject().put("code", "bad_request").put("message", "no")))));
  }

  @AfterAll
  static void stopTheBackends() {
    backends.forEach(MessageConsumer::unregister);
  }

  private static JsonObject publish(TestClient c, String channel, Object content, int ref) {
    c.send(new JsonObject().put("type", "message").put("channel", channel).put("content", content).put("ref", ref));
    return c.until(f -> Integer.valueOf(ref).equals(f.getValue("ref")));
  }

  private static void assertNothingMore(TestClient c) {
    c.send(new JsonObject().put("type", "ping").put("ref", "end"));
    assertEquals("pong", c.next().getString("type"), "nothing arrived before the pong");
  }

  @Test
  void theBackendAcceptsRewritesAndRejectsPublications() {
    try (TestClient reader = node.connect("reader"); TestClient writer = node.connect("writer")) {
      reader.subscribe("moderated:room");
      assertEquals("ack", publish(writer, "moderated:room", "hello", 1).getString("type"));
      assertEquals("hello", reader.next("message").getString("content"));
      assertEquals("ack", publish(writer, "moderated:room", "rewrite", 2).getString("type"));
      assertEquals("rewritten for writer", reader.next("message").getString("content"));
      JsonObject refused = publish(writer, "moderated:room", "swear", 3);
      assertEquals("error", refused.getString("type"));
      assertEquals("forbidden", refused.getString("code"));
      assertEquals("no swearing", refused.getString("message"));
      JsonObject failed = publish(writer, "moderated:room", "bad", 4);
      assertEquals("bad_request", failed.getString("code"));
      assertEquals("not like that", failed.getString("message"));
      assertNothingMore(reader);
    }
  }

  @Test
  void noVerdictInTimeOrNoBackendIsUnavailableAndNothingIsPublished() {
    try (TestClient reader = node.connect("reader2"); TestClient writer = node.connect("writer2")) {
      reader.subscribe("moderated:quiet");
      reader.subscribe("orphan:room");
      JsonObject silent = publish(writer, "moderated:quiet", "silence", 1);
      assertEquals("unavailable", silent.getString("code"));
      JsonObject orphan = publish(writer, "orphan:room", "anyone?", 2);
      assertEquals("unavailable", orphan.getString("code"));
      assertNothingMore(reader);
    }
  }

  @Test
  void publicationsLeaveInTheClientsOrderWhateverOrderTheVerdictsComeIn() {
    try (TestClient reader = node.connect("reader3"); TestClient writer = node.connect("writer3")) {
      reader.subscribe("moderated:ordered");
      writer.send(new JsonObject().put("type", "message").put("channel", "moderated:ordered").put("content", "late"));
      writer.send(new JsonObject().put("type", "message").put("channel", "moderated:ordered").put("content", "quick"));
      assertEquals("late", reader.next("message").getString("content"));
      assertEquals("quick", reader.next("message").getString("content"));
    }
  }

  @Test
  void aBackendThatAnswersTwiceIsHeardOnce() {
    try (TestClient reader = node.connect("reader4"); TestClient writer = node.connect("writer4")) {
      reader.subscribe("moderated:twice");
      assertEquals("ack", publish(writer, "moderated:twice", "twice", 1).getString("type"));
      assertEquals("twice", reader.next("message").getString("content"));
      assertNothingMore(reader);
      assertNothingMore(writer);
    }
  }

  @Test
  void anRpcIsAnsweredWithTheBackendsReplyOrAnError() {
    try (TestClient c = node.connect("caller")) {
      c.send(new JsonObject().put("type", "rpc").put("method", "echo").put("data", new JsonObject().put("x", 1))
          .put("ref", "r1"));
      JsonObject answer = c.next("rpc");
      assertEquals("r1", answer.getString("ref"));
      assertEquals(new JsonObject().put("echo", new JsonObject().put("x", 1)).put("user", "caller"),
          answer.getJsonObject("data"));
      c.send(new JsonObject().put("type", "rpc").put("method", "refuse").put("ref", "r2"));
      JsonObject refused = c.next("error");
      assertEquals("bad_request", refused.getString("code"));
      assertEquals("r2", refused.getString("ref"));
      c.send(new JsonObject().put("type", "rpc").put("method", "silent").put("ref", "r3"));
      JsonObject silent = c.next("error");
      assertEquals("unavailable", silent.getString("code"));
      assertEquals("r3", silent.getString("ref"));
      c.send(new JsonObject().put("type", "rpc").put("method", "launch").put("ref", "r4"));
      assertEquals("forbidden", c.next("error").getString("code"), "a method the config does not list");
      c.send(new JsonObject().put("type", "rpc").put("method", "echo"));
      assertEquals("bad_request", c.next("error").getString("code"), "no ref to answer to");
      c.send(new JsonObject().put("type", "rpc").put("method", "bad method!").put("ref", "r5"));
      assertEquals("bad_request", c.next("error").getString("code"));
    }
  }

  @Test
  void rpcCallsWaitingAtOnceAreBounded() {
    try (TestClient c = node.connect("impatient")) {
      for (int i = 0; i < 3; i++) {
        c.send(new JsonObject().put("type", "rpc").put("method", "silent").put("ref", i));
      }
      JsonObject third = c.next("error");
      assertEquals("rate_limited", third.getString("code"), "the third, over maxPending 2, at once");
      assertEquals(2, third.getInteger("ref"));
      for (int i = 0; i < 2; i++) {
        JsonObject timedOut = c.next("error");
        assertEquals("unavailable", timedOut.getString("code"));
      }
      c.send(new JsonObject().put("type", "rpc").put("method", "echo").put("data", 1).put("ref", "after"));
      assertEquals("after", c.next("rpc").getString("ref"), "the slots come back");
    }
    assertTrue(node.node().metric("switchboard_errors_total{code=\"rate_limited\",node=\"" + node.node().node.id()
        + "\"}") >= 1);
  }
}
