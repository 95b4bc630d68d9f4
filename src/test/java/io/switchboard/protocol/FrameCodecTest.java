package io.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.protocol.ClientFrame.StreamPosition;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding of every client frame and every error path of {@link FrameCodec#decode}. */
class FrameCodecTest {

  /** Refs of every JSON kind; each must come back unchanged on the decoded frame. */
  static Stream<Object> refsOfEveryKind() {
    return Stream.of("r-1", 42, 4.5, true, false, new JsonObject().put("n", 1), new JsonArray().add("a").add(2));
  }

  private static JsonObject frame(String type) {
    return new JsonObject().put("type", type);
  }

  private static ProtocolException refused(String text) {
    return assertThrows(ProtocolException.class, () -> FrameCodec.decode(text));
  }

  private static ProtocolException refused(JsonObject json) {
    ProtocolException fromText = refused(json.encode());
    ProtocolException fromJson = assertThrows(ProtocolException.class, () -> FrameCodec.decode(json));
    assertEquals(fromText.code(), fromJson.code());
    return fromText;
  }

  // ---- every frame type, without ref

  @Test
  void decodesEveryClientFrameWithoutRef() {
    assertEquals(new ClientFrame.Subscribe("room-1", null, null),
        FrameCodec.decode("{\"type\":\"subscribe\",\"channel\":\"room-1\"}"));
    assertEquals(new ClientFrame.Unsubscribe("room-1", null),
        FrameCodec.decode("{\"type\":\"unsubscribe\",\"channel\":\"room-1\"}"));
    assertEquals(new ClientFrame.Publish("room-1", "hi", null),
        FrameCodec.decode("{\"type\":\"message\",\"channel\":\"room-1\",\"content\":\"hi\"}"));
    assertEquals(new ClientFrame.Ping(null), FrameCodec.decode("{\"type\":\"ping\"}"));
    assertEquals(new ClientFrame.Auth("tok.en.sig", null),
        FrameCodec.decode("{\"type\":\"auth\",\"token\":\"tok.en.sig\"}"));
    assertEquals(new ClientFrame.PresenceQuery("room-1", null),
        FrameCodec.decode("{\"type\":\"presence\",\"channel\":\"room-1\"}"));
    assertEquals(new ClientFrame.HistoryQuery("room-1", 100, null, false, null),
        FrameCodec.decode("{\"type\":\"history\",\"channel\":\"room-1\"}"));
  }

  @Test
  void ignoresUnknownFields() {
    assertEquals(new ClientFrame.Ping(null), FrameCodec.decode("{\"type\":\"ping\",\"extra\":{\"x\":[1]}}"));
  }

  @Test
  void subscribeWithSinceAndHistoryWithLimit() {
    assertEquals(new ClientFrame.Subscribe("chat:a", new StreamPosition("e1", 7), null),
        FrameCodec.decode("{\"type\":\"subscribe\",\"channel\":\"chat:a\",\"since\":{\"epoch\":\"e1\",\"offset\":7}}"));
    assertEquals(new ClientFrame.Subscribe("chat:a", new StreamPosition("e1", 0), null),
        FrameCodec.decode("{\"type\":\"subscribe\",\"channel\":\"chat:a\",\"since\":{\"epoch\":\"e1\",\"offset\":0}}"));
    assertEquals(new ClientFrame.HistoryQuery("chat:a", 1, null, false, null),
        FrameCodec.decode("{\"type\":\"history\",\"channel\":\"chat:a\",\"limit\":1}"));
    assertEquals(new ClientFrame.HistoryQuery("chat:a", FrameCodec.MAX_HISTORY_LIMIT, null, false, null),
        FrameCodec.decode("{\"type\":\"history\",\"channel\":\"chat:a\",\"limit\":1000}"));
  }

  // ---- every frame type, with a ref of every JSON kind

  @ParameterizedTest
  @MethodSource("refsOfEveryKind")
  void echoesARefOfAnyJsonKindOnEveryFrameType(Object ref) {
    assertEquals(ref, FrameCodec.decode(frame("subscribe").put("channel", "c").put("ref", ref)).ref());
    assertEquals(ref, FrameCodec.decode(frame("unsubscribe").put("channel", "c").put("ref", ref)).ref());
    assertEquals(ref, FrameCodec.decode(frame("message").put("channel", "c").put("content", 1).put("ref", ref)).ref());
    assertEquals(ref, FrameCodec.decode(frame("ping").put("ref", ref)).ref());
    assertEquals(ref, FrameCodec.decode(frame("auth").put("token", "t").put("ref", ref)).ref());
    assertEquals(ref, FrameCodec.decode(frame("presence").put("channel", "c").put("ref", ref)).ref());
    assertEquals(ref, FrameCodec.decode(frame("history").put("channel", "c").put("ref", ref)).ref());
    // and through the text path
    String text = frame("ping").put("ref", ref).encode();
    assertEquals(ref, FrameCodec.decode(text).ref());
  }

  @ParameterizedTest
  @MethodSource("refsOfEveryKind")
  void errorsKeepARefOfAnyJsonKind(Object ref) {
    assertEquals(ref, refused(frame("nope").put("ref", ref)).ref());
    assertEquals(ref, refused(frame("subscribe").put("ref", ref)).ref());
    assertEquals(ref, refused(new JsonObject().put("ref", ref)).ref());
  }

  // ---- content passthrough

  static Stream<Object> contentOfEveryKind() {
    return Stream.of(new JsonObject().put("text", "hi").put("nested", new JsonObject().put("n", List.of(1, 2))),
        new JsonArray().add(1).add("two").addNull().add(new JsonObject()), "plain text", 12, 12_345_678_901L,
        -0.25, true, false);
  }

  @ParameterizedTest
  @MethodSource("contentOfEveryKind")
  void passesContentOfEveryJsonKindThrough(Object content) {
    String text = frame("message").put("channel", "c").put("content", content).encode();
    ClientFrame.Publish publish = (ClientFrame.Publish) FrameCodec.decode(text);
    assertEquals(content, publish.content());
    JsonObject delivered = new JsonObject(FrameCodec.encode(
        new ServerFrame.Message("c", publish.content(), "alice")).toString());
    assertEquals(content, delivered.getValue("content"));
  }

  @Test
  void passesNullContentThrough() {
    ClientFrame.Publish publish = (ClientFrame.Publish)
        FrameCodec.decode("{\"type\":\"message\",\"channel\":\"c\",\"content\":null}");
    assertNull(publish.content());
    JsonObject delivered = FrameCodec.toJson(new ServerFrame.Message("c", null, "alice"));
    assertTrue(delivered.containsKey("content"), "a null content is still a content");
    assertNull(delivered.getValue("content"));
  }

  // ---- error paths

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "{\"type\":", "[1,2]", "[]", "\"ping\"", "42", "null", "true"})
  void nonObjectsAreBadRequests(String text) {
    ProtocolException e = refused(text);
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertNull(e.ref());
    assertNull(e.channel());
  }

  @Test
  void missingOrNonStringTypeIsABadRequest() {
    assertEquals(ErrorCode.BAD_REQUEST, refused(new JsonObject().put("ref", 1)).code());
    assertEquals(ErrorCode.BAD_REQUEST, refused(new JsonObject().put("type", 5).put("ref", 1)).code());
    assertEquals(ErrorCode.BAD_REQUEST, refused(new JsonObject().putNull("type")).code());
    assertEquals(ErrorCode.BAD_REQUEST, refused(new JsonObject().put("type", new JsonObject())).code());
  }

  @Test
  void unknownTypeIsReportedAsSuch() {
    ProtocolException e = refused(frame("teleport").put("ref", "r"));
    assertEquals(ErrorCode.UNKNOWN_TYPE, e.code());
    assertEquals("r", e.ref());
    assertTrue(e.getMessage().contains("teleport"));
    ProtocolException longType = refused(frame("x".repeat(500)));
    assertTrue(longType.getMessage().length() < 100, "a long type is abbreviated: " + longType.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"subscribe", "unsubscribe", "message", "presence", "history"})
  void missingOrNonStringChannelIsABadRequest(String type) {
    ProtocolException missing = refused(frame(type).put("content", 1).put("ref", "r"));
    assertEquals(ErrorCode.BAD_REQUEST, missing.code());
    assertEquals("r", missing.ref());
    assertEquals(ErrorCode.BAD_REQUEST, refused(frame(type).put("channel", 7).put("content", 1)).code());
    assertEquals(ErrorCode.BAD_REQUEST, refused(frame(type).put("channel", new JsonArray()).put("content", 1)).code());
  }

  static Stream<String> invalidChannels() {
    return Stream.of("room 1", "a".repeat(129), "", "café", "room/1", "日本", "tab\tname", "emoji-\uD83D\uDE00");
  }

  @ParameterizedTest
  @MethodSource("invalidChannels")
  void invalidChannelNamesAreRefusedForEveryChannelFrame(String channel) {
    for (String type : List.of("subscribe", "unsubscribe", "message", "presence", "history")) {
      ProtocolException e = refused(frame(type).put("channel", channel).put("content", 1).put("ref", 9));
      assertEquals(ErrorCode.INVALID_CHANNEL, e.code(), type);
      assertEquals(9, e.ref(), type);
      // An invalid name is not echoed back: it may be anything the client sent, up to the frame limit.
      assertNull(e.channel(), type);
    }
  }

  @Test
  void messageWithoutContentKeepsRefAndChannel() {
    ProtocolException e = refused(frame("message").put("channel", "chat:a").put("ref", "r"));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertEquals("r", e.ref());
    assertEquals("chat:a", e.channel());
  }

  @Test
  void authWithoutAStringTokenIsABadRequest() {
    for (JsonObject auth : List.of(frame("auth"), frame("auth").put("token", ""), frame("auth").put("token", 5),
        frame("auth").putNull("token"))) {
      ProtocolException e = refused(auth.put("ref", "r"));
      assertEquals(ErrorCode.BAD_REQUEST, e.code(), auth.encode());
      assertEquals("r", e.ref());
    }
  }

  static Stream<Object> badSince() {
    return Stream.of("e1:7", 7, new JsonArray(), new JsonObject(), new JsonObject().put("epoch", "e1"),
        new JsonObject().put("offset", 3), new JsonObject().put("epoch", 1).put("offset", 3),
        new JsonObject().put("epoch", "e1").put("offset", "3"), new JsonObject().put("epoch", "e1").put("offset", -1));
  }

  @ParameterizedTest
  @MethodSource("badSince")
  void badSinceIsABadRequestThatKeepsRefAndChannel(Object since) {
    ProtocolException e = refused(frame("subscribe").put("channel", "chat:a").put("since", since).put("ref", "r"));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertEquals("r", e.ref());
    assertEquals("chat:a", e.channel());
  }

  static Stream<Object> badLimits() {
    return Stream.of(0, -1, 1001, 1_000_000_000_000L, "10", true, new JsonObject(), new JsonArray());
  }

  @ParameterizedTest
  @MethodSource("badLimits")
  void badHistoryLimitIsABadRequestThatKeepsRefAndChannel(Object limit) {
    ProtocolException e = refused(frame("history").put("channel", "chat:a").put("limit", limit).put("ref", "r"));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertEquals("r", e.ref());
    assertEquals("chat:a", e.channel());
  }

  @Test
  void anErrorBecomesAnErrorFrameWithItsCodeRefAndChannel() {
    ProtocolException e = refused(frame("message").put("channel", "chat:a").put("ref", 3));
    ServerFrame.Error error = e.toFrame();
    assertEquals(new ServerFrame.Error(ErrorCode.BAD_REQUEST, e.getMessage(), "chat:a", 3), error);
    assertFalse(error.message().isBlank());
  }

  // ---- encoding: exactly the expected JSON, null optional fields left out

  private static void encodesTo(String expected, ServerFrame frame) {
    JsonObject wire = new JsonObject(FrameCodec.encode(frame).toString());
    assertEquals(new JsonObject(expected), wire, "encoded " + frame);
    assertEquals(FrameCodec.toJson(frame), wire);
  }

  @Test
  void seedShapesHaveNoExtraFields() {
    encodesTo("{\"type\":\"subscribed\",\"channel\":\"c\"}", new ServerFrame.Subscribed("c", null, null));
    encodesTo("{\"type\":\"message\",\"channel\":\"c\",\"content\":{\"t\":1},\"sender\":\"alice\"}",
        new ServerFrame.Message("c", new JsonObject().put("t", 1), "alice"));
    encodesTo("{\"type\":\"presence\",\"channel\":\"c\",\"users\":[\"alice\",\"bob\"]}",
        new ServerFrame.Presence("c", List.of("alice", "bob"), null));
    encodesTo("{\"type\":\"presence\",\"channel\":\"c\",\"users\":[]}", new ServerFrame.Presence("c", List.of(), null));
    encodesTo("{\"type\":\"pong\"}", new ServerFrame.Pong(null));
    encodesTo("{\"type\":\"error\",\"message\":\"no\",\"code\":\"bad_request\"}",
        new ServerFrame.Error(ErrorCode.BAD_REQUEST, "no", null, null));
  }

  @Test
  void extensionsAppearOnlyWhenSet() {
    encodesTo("{\"type\":\"subscribed\",\"channel\":\"c\",\"recovered\":false,\"ref\":1}",
        new ServerFrame.Subscribed("c", false, 1));
    encodesTo("{\"type\":\"subscribed\",\"channel\":\"c\",\"recovered\":true}", new ServerFrame.Subscribed("c", true, null));
    encodesTo("{\"type\":\"unsubscribed\",\"channel\":\"c\"}", new ServerFrame.Unsubscribed("c", null));
    encodesTo("{\"type\":\"unsubscribed\",\"channel\":\"c\",\"ref\":\"u\"}", new ServerFrame.Unsubscribed("c", "u"));
    encodesTo("{\"type\":\"presence\",\"channel\":\"c\",\"users\":[\"a\"],\"ref\":[1]}",
        new ServerFrame.Presence("c", List.of("a"), new JsonArray().add(1)));
    encodesTo("{\"type\":\"join\",\"channel\":\"c\",\"users\":[\"a\",\"b\"]}", new ServerFrame.Join("c", List.of("a", "b")));
    encodesTo("{\"type\":\"leave\",\"channel\":\"c\",\"users\":[\"a\"]}", new ServerFrame.Leave("c", List.of("a")));
    encodesTo("{\"type\":\"pong\",\"ref\":{\"k\":\"v\"}}", new ServerFrame.Pong(new JsonObject().put("k", "v")));
    encodesTo("{\"type\":\"ack\"}", new ServerFrame.Ack(null, null));
    encodesTo("{\"type\":\"ack\",\"ref\":7}", new ServerFrame.Ack(7, null));
    encodesTo("{\"type\":\"ack\",\"user\":\"alice\"}", new ServerFrame.Ack(null, "alice"));
    encodesTo("{\"type\":\"ack\",\"ref\":false,\"user\":\"alice\"}", new ServerFrame.Ack(false, "alice"));
    encodesTo("{\"type\":\"error\",\"message\":\"m\",\"code\":\"forbidden\",\"channel\":\"c\",\"ref\":\"r\"}",
        new ServerFrame.Error(ErrorCode.FORBIDDEN, "m", "c", "r"));
  }

  @Test
  void everyErrorCodeHasItsDocumentedWireName() {
    List<String> documented = List.of("bad_request", "unknown_type", "invalid_channel", "forbidden", "not_subscribed",
        "too_many_subscriptions", "rate_limited", "too_large", "unavailable", "unauthorized");
    assertEquals(documented, Stream.of(ErrorCode.values()).map(ErrorCode::wire).toList());
    for (ErrorCode code : ErrorCode.values()) {
      assertEquals(code.wire(), FrameCodec.toJson(new ServerFrame.Error(code, "m", null, null)).getString("code"));
    }
  }

  @Test
  void aDecodedRefComesBackUnchangedOnItsReply() {
    JsonObject ref = new JsonObject().put("id", 5).put("tags", new JsonArray().add("x"));
    ClientFrame frame = FrameCodec.decode(frame("subscribe").put("channel", "c").put("ref", ref).encode());
    JsonObject reply = new JsonObject(FrameCodec.encode(new ServerFrame.Subscribed("c", null, frame.ref())).toString());
    assertEquals(ref, reply.getJsonObject("ref"));
  }
}
