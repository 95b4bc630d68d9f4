package io.switchboard.api;

import io.switchboard.channel.ChannelPublisher;
import io.switchboard.config.ConfigException;
import io.switchboard.config.Durations;
import io.switchboard.history.HistoryPolicy;
import io.switchboard.history.HistoryQuery;
import io.switchboard.history.StreamPosition;
import io.switchboard.presence.PresenceStore;
import io.switchboard.protocol.ChannelNames;
import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The server API's methods, whatever carries them (HTTP, the event bus): each takes a JSON object
 * of parameters and completes with a JSON object, or fails with an {@link ApiException} that names
 * the HTTP status and the protocol's error code. Backends are trusted: no channel permission is
 * checked. Every method acts on the whole cluster from any node.
 *
 * <table>
 * <caption>Methods</caption>
 * <tr><td>publish</td><td>{channel, content, sender?, idempotencyKey?} → {} or, with history, {offset, epoch}</td></tr>
 * <tr><td>broadcast</td><td>{channels[], content, sender?} → {responses: [{channel, result} | {channel, error}]}</td></tr>
 * <tr><td>direct</td><td>{user, content, sender?} → {}: to every live session of the user</td></tr>
 * <tr><td>presence</td><td>{channel} → {channel, users[]}</td></tr>
 * <tr><td>presence_stats</td><td>{channel} → {channel, users, connections}</td></tr>
 * <tr><td>history</td><td>{channel, limit?, since?, reverse?} → the history frame's fields</td></tr>
 * <tr><td>info</td><td>{} → {nodes: [...]}</td></tr>
 * <tr><td>disconnect</td><td>{user, code?, reason?} → {sessions}: closed on every node</td></tr>
 * <tr><td>unsubscribe</td><td>{user, channel} → {sessions}: unsubscribed on every node</td></tr>
 * <tr><td>channels</td><td>{pattern?, limit?} → {channels: {name: subscriptions}}</td></tr>
 * <tr><td>drain</td><td>{node?, period?} → {node, draining, sessions}: that node (this one without
 *     {@code node}) closes its sockets with 1001 in waves over the period (its configured
 *     {@code drain.period} without one) and leaves the cluster; answered when the drain starts</td></tr>
 * <tr><td>batch</td><td>{commands: [{method, params}]} → {replies: [{result} | {error}]}, in order</td></tr>
 * </table>
 */
public final class ServerApi {
  /** The sender shown to clients when the backend names none. */
  public static final String DEFAULT_SENDER = "server";
  public static final int MAX_KEY_LENGTH = 128;
  public static final int MAX_USER_LENGTH = 256;
  /** Channels one broadcast may name, commands one batch may hold. */
  public static final int MAX_FANOUT = 1000;
  /** Every method {@link #call} knows. */
  public static final Set<String> METHODS =
      Set.of("publish", "broadcast", "direct", "presence", "presence_stats", "history", "info", "batch",
          "disconnect", "unsubscribe", "channels", "drain");
  /** The close codes {@code disconnect} may send: reconnect later, only with a new token, or not at all. */
  public static final Set<Integer> DISCONNECT_CODES = Set.of(1001, 4001, 4003);
  /** A close frame's reason is at most 123 bytes of UTF-8. */
  public static final int MAX_REASON_BYTES = 123;
  public static final int MAX_CHANNELS_LIMIT = 10_000;
  /** The longest drain a call may ask for, as in the configuration. */
  public static final Duration MAX_DRAIN_PERIOD = Duration.ofMinutes(10);

  private final ChannelPublisher publisher;
  private final PresenceStore presence;
  private final Predicate<String> presenceEnabled;
  private final ClusterNodes nodes;
  private final Predicate<String> configured;

  /**
   * @param configured whether a channel's namespace is configured: backends may use every channel
   *     of a configured namespace, whatever its client permissions, and none of another (a typo in
   *     a namespace is refused, not published to nobody)
   * @param presenceEnabled whether a channel's namespace keeps presence
   * @param nodes every gateway of the cluster: {@code info}, {@code disconnect}, {@code unsubscribe}
   *     and {@code channels} ask each of them
   */
  public ServerApi(ChannelPublisher publisher, PresenceStore presence, Predicate<String> configured,
      Predicate<String> presenceEnabled, ClusterNodes nodes) {
    this.configured = configured;
    this.publisher = publisher;
    this.presence = presence;
    this.presenceEnabled = presenceEnabled;
    this.nodes = nodes;
  }

  /**
   * Calls {@code method}. An unknown method fails with 404 {@code unknown_type}; wrong parameters
   * with 400; a cluster that cannot be reached in time with 503.
   */
  public Future<JsonObject> call(String method, JsonObject params) {
    try {
      return switch (method) {
        case "publish" -> publish(params);
        case "broadcast" -> broadcast(params);
        case "direct" -> direct(params);
        case "presence" -> presence(params);
        case "presence_stats" -> presenceStats(params);
        case "history" -> history(params);
        case "info" -> nodes.askAll(new JsonObject().put("op", "info"))
            .map(answers -> new JsonObject().put("nodes", new JsonArray(answers)));
        case "disconnect" -> disconnect(params);
        case "unsubscribe" -> unsubscribe(params);
        case "channels" -> channels(params);
        case "batch" -> batch(params);
        case "drain" -> drain(params);
        default -> Future.failedFuture(new ApiException(404, ErrorCode.UNKNOWN_TYPE,
            "unknown method '" + shown(method) + "'"));
      };
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<JsonObject> publish(JsonObject params) {
    String channel = channel(params);
    Object content = content(params);
    String sender = sender(params);
    Object key = params.getValue("idempotencyKey");
    if (key != null && (!(key instanceof String k) || k.isEmpty() || k.length() > MAX_KEY_LENGTH)) {
      throw ApiException.badRequest("'idempotencyKey' must be a string of 1-" + MAX_KEY_LENGTH + " characters");
    }
    if (key != null && publisher.history().policyOf(channel) == null) {
      throw ApiException.badRequest("'idempotencyKey' needs a channel whose namespace keeps history");
    }
    return publish(channel, content, sender, (String) key);
  }

  private Future<JsonObject> publish(String channel, Object content, String sender, String key) {
    return publisher.publishMessage(channel, content, sender, key).transform(ar -> {
      if (ar.failed()) {
        return Future.failedFuture(ApiException.unavailable("the publication could not be stored, try again"));
      }
      JsonObject result = new JsonObject();
      if (ar.result() != null) {
        result.put("offset", ar.result().position().offset()).put("epoch", ar.result().position().epoch());
      }
      return Future.succeededFuture(result);
    });
  }

  private Future<JsonObject> broadcast(JsonObject params) {
    if (!(params.getValue("channels") instanceof JsonArray channels) || channels.isEmpty()
        || channels.size() > MAX_FANOUT) {
      throw ApiException.badRequest("'channels' must be an array of 1-" + MAX_FANOUT + " channel names");
    }
    List<String> names = new ArrayList<>();
    for (Object c : channels) {
      if (!(c instanceof String name) || !ChannelNames.isValid(name)) {
        throw new ApiException(400, ErrorCode.INVALID_CHANNEL,
            "every channel must be 1-128 characters of A-Z a-z 0-9 _ . : @ -");
      }
      names.add(known(name));
    }
    Object content = content(params);
    String sender = sender(params);
    List<Future<JsonObject>> each = new ArrayList<>();
    for (String name : names) {
      each.add(publish(name, content, sender, null).transform(ar -> Future.succeededFuture(ar.succeeded()
          ? new JsonObject().put("channel", name).put("result", ar.result())
          : new JsonObject().put("channel", name).put("error", errorBody(ar.cause())))));
    }
    return Future.join(each).map(all -> new JsonObject().put("responses",
        new JsonArray(each.stream().map(Future::result).toList())));
  }

  private Future<JsonObject> direct(JsonObject params) {
    String user = user(params);
    Object content = content(params);
    publisher.direct(user, content, sender(params));
    return Future.succeededFuture(new JsonObject());
  }

  private Future<JsonObject> presence(JsonObject params) {
    String channel = presenceChannel(params);
    return presence.users(channel).transform(ar -> ar.succeeded()
        ? Future.succeededFuture(new JsonObject().put("channel", channel).put("users", new JsonArray(ar.result())))
        : Future.failedFuture(ApiException.unavailable("presence is unavailable, try again")));
  }

  private Future<JsonObject> presenceStats(JsonObject params) {
    String channel = presenceChannel(params);
    return presence.stats(channel).transform(ar -> ar.succeeded()
        ? Future.succeededFuture(new JsonObject().put("channel", channel)
            .put("users", ar.result().users()).put("connections", ar.result().connections()))
        : Future.failedFuture(ApiException.unavailable("presence is unavailable, try again")));
  }

  private String presenceChannel(JsonObject params) {
    String channel = channel(params);
    if (!presenceEnabled.test(channel)) {
      throw new ApiException(404, ErrorCode.UNAVAILABLE, "the namespace of '" + channel + "' keeps no presence");
    }
    return channel;
  }

  private Future<JsonObject> history(JsonObject params) {
    String channel = channel(params);
    HistoryQuery query;
    try {
      ClientFrame.StreamPosition since = FrameCodec.since(params, null, channel);
      Object reverse = params.getValue("reverse");
      if (reverse != null && !(reverse instanceof Boolean)) {
        throw ApiException.badRequest("'reverse' must be true or false");
      }
      query = new HistoryQuery(FrameCodec.limit(params, null, channel),
          since == null ? null : new StreamPosition(since.epoch(), since.offset()), Boolean.TRUE.equals(reverse));
    } catch (ProtocolException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    HistoryPolicy policy = publisher.history().policyOf(channel);
    if (policy == null) {
      throw new ApiException(404, ErrorCode.UNAVAILABLE, "the namespace of '" + channel + "' keeps no history");
    }
    return query.ask(publisher.history().streams(), channel, policy).transform(ar -> ar.succeeded()
        ? Future.succeededFuture(FrameCodec.toJson(ar.result().toFrame(channel, null)))
        : Future.failedFuture(ApiException.unavailable("history is unavailable, try again")));
  }

  private Future<JsonObject> disconnect(JsonObject params) {
    String user = user(params);
    Object code = params.getValue("code", 4003);
    if (!(code instanceof Integer c) || !DISCONNECT_CODES.contains(c)) {
      throw ApiException.badRequest("'code' must be one of " + new java.util.TreeSet<>(DISCONNECT_CODES)
          + " (1001: reconnect later, 4001: only with a new token, 4003: do not reconnect)");
    }
    Object reason = params.getValue("reason", "Disconnected by the server");
    if (!(reason instanceof String r) || r.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
      throw ApiException.badRequest("'reason' must be a string of at most " + MAX_REASON_BYTES + " bytes of UTF-8");
    }
    return everywhere(new JsonObject().put("op", "disconnect").put("user", user).put("code", code).put("reason", reason));
  }

  private Future<JsonObject> unsubscribe(JsonObject params) {
    String user = user(params);
    String channel = channel(params);
    return everywhere(new JsonObject().put("op", "unsubscribe").put("user", user).put("channel", channel));
  }

  /**
   * Runs a command about sessions on every node: {@code {sessions}} is how many it applied to. A
   * node that did not answer fails the call with 503 (the command is idempotent: call it again).
   */
  private Future<JsonObject> everywhere(JsonObject command) {
    return nodes.askAll(command).compose(answers -> {
      List<String> silent = answers.stream().filter(a -> a.getBoolean("unreachable", false))
          .map(a -> a.getString("node")).toList();
      if (!silent.isEmpty()) {
        return Future.failedFuture(ApiException.unavailable("node(s) " + silent + " did not answer; "
            + "the others did it: call again"));
      }
      return Future.succeededFuture(new JsonObject().put("sessions",
          answers.stream().mapToInt(a -> a.getInteger("sessions", 0)).sum()));
    });
  }

  /** Channels with subscribers anywhere, by name, with their subscriptions in the whole cluster. */
  private Future<JsonObject> channels(JsonObject params) {
    Object pattern = params.getValue("pattern", "*");
    if (!(pattern instanceof String p) || p.isEmpty() || p.length() > ChannelNames.MAX_LENGTH) {
      throw ApiException.badRequest("'pattern' must be a string of 1-" + ChannelNames.MAX_LENGTH
          + " characters, '*' standing for any");
    }
    Object limit = params.getValue("limit", 100);
    if (!(limit instanceof Integer n) || n < 1 || n > MAX_CHANNELS_LIMIT) {
      throw ApiException.badRequest("'limit' must be an integer of 1-" + MAX_CHANNELS_LIMIT);
    }
    return nodes.askAll(new JsonObject().put("op", "channels").put("pattern", pattern).put("limit", limit))
        .compose(answers -> {
          if (answers.stream().anyMatch(a -> a.getBoolean("unreachable", false))) {
            return Future.failedFuture(ApiException.unavailable("a node did not answer, try again"));
          }
          java.util.TreeMap<String, Integer> merged = new java.util.TreeMap<>();
          answers.forEach(a -> a.getJsonObject("channels", new JsonObject())
              .forEach(e -> merged.merge(e.getKey(), ((Number) e.getValue()).intValue(), Integer::sum)));
          JsonObject channels = new JsonObject();
          merged.entrySet().stream().limit((Integer) limit).forEach(e -> channels.put(e.getKey(), e.getValue()));
          return Future.succeededFuture(new JsonObject().put("channels", channels));
        });
  }

  /** One node drains and leaves: the one named, or this one. */
  private Future<JsonObject> drain(JsonObject params) {
    Object node = params.getValue("node", nodes.self());
    if (!(node instanceof String target) || target.isEmpty()) {
      throw ApiException.badRequest("'node' must be a node id (see info), or absent for this node");
    }
    JsonObject command = new JsonObject().put("op", "drain");
    if (params.containsKey("period")) {
      Duration period;
      try {
        period = Durations.parse("period", params.getValue("period"));
      } catch (ConfigException e) {
        throw ApiException.badRequest("'period' must be a duration such as \"10s\" or a number of milliseconds");
      }
      if (period.isNegative() || period.compareTo(MAX_DRAIN_PERIOD) > 0) {
        throw ApiException.badRequest("'period' must be 0-" + MAX_DRAIN_PERIOD.toMinutes() + "m");
      }
      command.put("periodMs", period.toMillis());
    }
    return nodes.ask(target, command).transform(ar -> ar.succeeded() ? Future.succeededFuture(ar.result())
        : Future.failedFuture(ar.cause() instanceof NoSuchElementException
            ? new ApiException(404, ErrorCode.BAD_REQUEST, "no gateway node '" + shown(target) + "' (see info)")
            : ApiException.unavailable("node '" + shown(target) + "' did not answer, try again")));
  }

  /** The commands one after another, each answered in its place; a failed one does not stop the rest. */
  private Future<JsonObject> batch(JsonObject params) {
    if (!(params.getValue("commands") instanceof JsonArray commands) || commands.size() > MAX_FANOUT) {
      throw ApiException.badRequest("'commands' must be an array of at most " + MAX_FANOUT + " commands");
    }
    for (Object c : commands) {
      if (!(c instanceof JsonObject command) || !(command.getValue("method") instanceof String m)
          || command.containsKey("params") && !(command.getValue("params") instanceof JsonObject)) {
        throw ApiException.badRequest("each command must be {\"method\": string, \"params\": object}");
      }
      if (m.equals("batch")) {
        throw ApiException.badRequest("a batch cannot hold a batch");
      }
    }
    JsonArray replies = new JsonArray();
    Future<Void> chain = Future.succeededFuture();
    for (Object c : commands) {
      JsonObject command = (JsonObject) c;
      JsonObject p = command.getJsonObject("params", new JsonObject());
      chain = chain.compose(v -> call(command.getString("method"), p).transform(ar -> {
        replies.add(ar.succeeded() ? new JsonObject().put("result", ar.result())
            : new JsonObject().put("error", errorBody(ar.cause())));
        return Future.<Void>succeededFuture();
      }));
    }
    return chain.map(v -> new JsonObject().put("replies", replies));
  }

  /** The {@code {code, message}} of a failure; anything but an {@link ApiException} is {@code unavailable}. */
  public static JsonObject errorBody(Throwable failure) {
    ApiException e = failure instanceof ApiException a ? a
        : ApiException.unavailable("the cluster could not answer, try again");
    return new JsonObject().put("code", e.code().wire()).put("message", e.getMessage());
  }

  private String channel(JsonObject params) {
    if (!(params.getValue("channel") instanceof String channel) || !ChannelNames.isValid(channel)) {
      throw new ApiException(400, ErrorCode.INVALID_CHANNEL,
          "'channel' must be 1-128 characters of A-Z a-z 0-9 _ . : @ -");
    }
    return known(channel);
  }

  /** The channel, when its namespace is configured; else 403 {@code forbidden}. */
  private String known(String channel) {
    if (!configured.test(channel)) {
      throw new ApiException(403, ErrorCode.FORBIDDEN, "no namespace '"
          + io.switchboard.auth.ChannelPermissions.namespaceOf(channel) + "' is configured (namespaces)");
    }
    return channel;
  }

  private static String user(JsonObject params) {
    if (!(params.getValue("user") instanceof String user) || user.isEmpty() || user.length() > MAX_USER_LENGTH) {
      throw ApiException.badRequest("'user' must be a string of 1-" + MAX_USER_LENGTH + " characters");
    }
    return user;
  }

  private static Object content(JsonObject params) {
    if (!params.containsKey("content")) {
      throw ApiException.badRequest("'content' is required (any JSON value)");
    }
    return params.getValue("content");
  }

  private static String sender(JsonObject params) {
    Object sender = params.getValue("sender");
    if (sender != null && !(sender instanceof String)) {
      throw ApiException.badRequest("'sender' must be a string");
    }
    return sender == null ? DEFAULT_SENDER : (String) sender;
  }

  private static String shown(String s) {
    return s.length() <= 32 ? s : s.substring(0, 32) + "…";
  }
}
