package io.switchboard.protocol;

import io.switchboard.protocol.ClientFrame.StreamPosition;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The only place that turns wire text into frames and frames into wire bytes (protocol v1, JSON text
 * frames). Unknown fields are ignored in both directions, as seed clients expect.
 */
public final class FrameCodec {
  /** An rpc method's name: it becomes part of an event-bus address. */
  private static final java.util.regex.Pattern RPC_METHOD = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** The largest {@code limit} a {@code history} query may ask for. */
  public static final int MAX_HISTORY_LIMIT = 1000;

  private FrameCodec() {}

  /**
   * Reads one client frame.
   *
   * @throws ProtocolException with the code to report, and the frame's {@code ref} and
   *     {@code channel} when they could be read
   */
  public static ClientFrame decode(String text) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "frame is not a JSON object", null, null);
    }
    return decode(json);
  }

  /** Reads one client frame from parsed JSON; see {@link #decode(String)}. */
  public static ClientFrame decode(JsonObject json) {
    Object ref = json.getValue("ref");
    Object type = json.getValue("type");
    if (!(type instanceof String t)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "frame needs a string 'type'", ref, null);
    }
    return switch (t) {
      case "subscribe" -> {
        String channel = channel(json, ref);
        yield new ClientFrame.Subscribe(channel, since(json, ref, channel), ref);
      }
      case "unsubscribe" -> new ClientFrame.Unsubscribe(channel(json, ref), ref);
      case "message" -> {
        String channel = channel(json, ref);
        if (!json.containsKey("content")) {
          throw new ProtocolException(ErrorCode.BAD_REQUEST, "message needs 'content'", ref, channel);
        }
        yield new ClientFrame.Publish(channel, json.getValue("content"), ref);
      }
      case "ping" -> new ClientFrame.Ping(ref);
      case "auth" -> {
        if (!(json.getValue("token") instanceof String token) || token.isEmpty()) {
          throw new ProtocolException(ErrorCode.BAD_REQUEST, "auth needs a string 'token'", ref, null);
        }
        yield new ClientFrame.Auth(token, ref);
      }
      case "presence" -> new ClientFrame.PresenceQuery(channel(json, ref), ref);
      case "history" -> {
        String channel = channel(json, ref);
        Object reverse = json.getValue("reverse");
        if (reverse != null && !(reverse instanceof Boolean)) {
          throw new ProtocolException(ErrorCode.BAD_REQUEST, "'reverse' must be true or false", ref, channel);
        }
        yield new ClientFrame.HistoryQuery(channel, limit(json, ref, channel), since(json, ref, channel),
            Boolean.TRUE.equals(reverse), ref);
      }
      case "rpc" -> {
        if (!(json.getValue("method") instanceof String method) || !RPC_METHOD.matcher(method).matches()) {
          throw new ProtocolException(ErrorCode.BAD_REQUEST,
              "rpc needs a 'method' of 1-64 characters of A-Z a-z 0-9 _ . -", ref, null);
        }
        if (ref == null) {
          throw new ProtocolException(ErrorCode.BAD_REQUEST, "rpc needs a 'ref' to answer to", null, null);
        }
        yield new ClientFrame.Rpc(method, json.getValue("data"), ref);
      }
      default -> throw new ProtocolException(
          ErrorCode.UNKNOWN_TYPE, "unknown type '" + abbreviate(t) + "'", ref, null);
    };
  }

  private static String channel(JsonObject json, Object ref) {
    Object value = json.getValue("channel");
    if (!(value instanceof String channel)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "frame needs a string 'channel'", ref, null);
    }
    if (!ChannelNames.isValid(channel)) {
      throw new ProtocolException(ErrorCode.INVALID_CHANNEL,
          "channel names are 1-128 characters of A-Z a-z 0-9 _ . : @ -", ref, null);
    }
    return channel;
  }

  /** Reads {@code since: {epoch, offset}}, null when absent; public for the backend's history request. */
  public static StreamPosition since(JsonObject json, Object ref, String channel) {
    Object value = json.getValue("since");
    if (value == null) {
      return null;
    }
    if (value instanceof JsonObject since
        && since.getValue("epoch") instanceof String epoch
        && since.getValue("offset") instanceof Number offset
        && offset.longValue() >= 0) {
      return new StreamPosition(epoch, offset.longValue());
    }
    throw new ProtocolException(ErrorCode.BAD_REQUEST,
        "'since' must be {\"epoch\": string, \"offset\": number >= 0}", ref, channel);
  }

  /** Reads a history {@code limit} (default 100); public for the backend's history request. */
  public static int limit(JsonObject json, Object ref, String channel) {
    Object value = json.getValue("limit");
    if (value == null) {
      return 100;
    }
    if (value instanceof Number n && n.longValue() >= 1 && n.longValue() <= MAX_HISTORY_LIMIT) {
      return n.intValue();
    }
    throw new ProtocolException(ErrorCode.BAD_REQUEST,
        "'limit' must be a number from 1 to " + MAX_HISTORY_LIMIT, ref, channel);
  }

  private static String abbreviate(String s) {
    return s.length() <= 32 ? s : s.substring(0, 32) + "…";
  }

  /** The wire bytes of one server frame. */
  public static Buffer encode(ServerFrame frame) {
    return toJson(frame).toBuffer();
  }

  /**
   * The JSON form of a server frame: what {@link #encode} writes, and what travels on the event
   * bus, where backends observe it.
   */
  public static JsonObject toJson(ServerFrame frame) {
    JsonObject json = new JsonObject();
    if (frame instanceof ServerFrame.Message f) {
      json.put("type", "message").put("channel", f.channel())
          .put("content", f.content()).put("sender", f.sender());
      if (f.offset() != null) {
        json.put("offset", f.offset()).put("epoch", f.epoch());
      }
    } else if (frame instanceof ServerFrame.RpcResult f) {
      json.put("type", "rpc").put("ref", f.ref()).put("data", f.data());
    } else if (frame instanceof ServerFrame.Direct f) {
      json.put("type", "direct").put("content", f.content()).put("sender", f.sender());
    } else if (frame instanceof ServerFrame.Subscribed f) {
      json.put("type", "subscribed").put("channel", f.channel());
      putIfPresent(json, "recovered", f.recovered());
      if (f.position() != null) {
        json.put("epoch", f.position().epoch()).put("offset", f.position().offset()).put("recoverable", true);
      }
      putIfPresent(json, "ref", f.ref());
    } else if (frame instanceof ServerFrame.Unsubscribed f) {
      json.put("type", "unsubscribed").put("channel", f.channel());
      putIfPresent(json, "ref", f.ref());
    } else if (frame instanceof ServerFrame.Presence f) {
      json.put("type", "presence").put("channel", f.channel()).put("users", new JsonArray(f.users()));
      putIfPresent(json, "ref", f.ref());
    } else if (frame instanceof ServerFrame.Join f) {
      json.put("type", "join").put("channel", f.channel()).put("users", new JsonArray(f.users()));
    } else if (frame instanceof ServerFrame.Leave f) {
      json.put("type", "leave").put("channel", f.channel()).put("users", new JsonArray(f.users()));
    } else if (frame instanceof ServerFrame.Pong f) {
      json.put("type", "pong");
      putIfPresent(json, "ref", f.ref());
    } else if (frame instanceof ServerFrame.Ack f) {
      json.put("type", "ack");
      putIfPresent(json, "ref", f.ref());
      putIfPresent(json, "user", f.user());
      if (f.position() != null) {
        json.put("offset", f.position().offset()).put("epoch", f.position().epoch());
      }
    } else if (frame instanceof ServerFrame.History f) {
      JsonArray publications = new JsonArray();
      for (ServerFrame.Publication p : f.publications()) {
        publications.add(new JsonObject().put("offset", p.offset()).put("content", p.content()).put("sender", p.sender()));
      }
      json.put("type", "history").put("channel", f.channel()).put("publications", publications)
          .put("epoch", f.position().epoch()).put("offset", f.position().offset());
      putIfPresent(json, "complete", f.complete());
      putIfPresent(json, "ref", f.ref());
    } else if (frame instanceof ServerFrame.Resubscribe f) {
      json.put("type", "resubscribe").put("channel", f.channel()).put("reason", f.reason().wire());
    } else if (frame instanceof ServerFrame.Error f) {
      json.put("type", "error").put("message", f.message()).put("code", f.code().wire());
      putIfPresent(json, "channel", f.channel());
      putIfPresent(json, "ref", f.ref());
    } else {
      throw new IllegalArgumentException("unknown frame " + frame.getClass());
    }
    return json;
  }

  private static void putIfPresent(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
