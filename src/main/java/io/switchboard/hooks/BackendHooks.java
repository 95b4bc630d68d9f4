package io.switchboard.hooks;

import io.switchboard.auth.ChannelPermissions;
import io.switchboard.config.NamespaceConfig;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's side of the backend hooks. A verdict or a reply comes back on the caller's context.
 *
 * <p>The backend's reply to a publication ({@code {channel, content, user, connection}} on
 * {@code switchboard.inbound.<namespace>}): {@code {}} publishes the content as it is,
 * {@code {"content": X}} publishes X instead, {@code {"error": {"code", "message"}}} refuses it
 * with that error (a code the protocol does not know becomes {@code forbidden}); a failure sent
 * with {@code fail(400|403, message)} refuses it as {@code bad_request} or {@code forbidden}. No
 * backend, another failure or no reply within the timeout is {@code unavailable}, and nothing is
 * published. An {@code rpc}'s reply is sent to the client as its {@code data}, or refused the same
 * way. The event bus takes only a backend's first reply: a second one goes nowhere.
 */
public final class BackendHooks {
  public static final String INBOUND_PREFIX = "switchboard.inbound.";
  public static final String RPC_PREFIX = "switchboard.rpc.";
  /** The longest message a backend's refusal may show the client. */
  static final int MAX_MESSAGE = 200;

  private final EventBus eventBus;
  private final Map<String, Duration> publishHooks = new HashMap<>();
  private final RpcConfig rpc;
  private final LongAdder unavailable = new LongAdder();

  public BackendHooks(EventBus eventBus, List<NamespaceConfig> namespaces, RpcConfig rpc) {
    this.eventBus = eventBus;
    this.rpc = rpc;
    namespaces.forEach(ns -> {
      if (ns.publishHook() != null) {
        publishHooks.put(ns.name(), ns.publishHook());
      }
    });
  }

  /** Hooks that are all off (tests, tools). */
  public static BackendHooks none(EventBus eventBus) {
    return new BackendHooks(eventBus, List.of(), new RpcConfig(java.util.Set.of(), Duration.ofSeconds(5), 16));
  }

  /** Whether publications on {@code channel} wait for a backend. */
  public boolean hasPublishHook(String channel) {
    return publishHooks.containsKey(ChannelPermissions.namespaceOf(channel));
  }

  /**
   * Asks the namespace's backend about a publication; completes with the content to publish, or
   * fails with a {@link ProtocolException} for the client.
   */
  public Future<Object> beforePublish(String channel, Object content, String user, String connection, Object ref) {
    String namespace = ChannelPermissions.namespaceOf(channel);
    JsonObject request = new JsonObject().put("channel", channel).put("content", content).put("user", user)
        .put("connection", connection);
    return ask(INBOUND_PREFIX + namespace, request, publishHooks.get(namespace), channel, ref)
        .map(reply -> reply instanceof JsonObject verdict && verdict.containsKey("content")
            ? verdict.getValue("content") : content);
  }

  /** Whether clients may call {@code method}. */
  public boolean rpcAllowed(String method) {
    return rpc.methods().contains(method);
  }

  /** Calls that one connection may have waiting. */
  public int maxPendingRpc() {
    return rpc.maxPending();
  }

  /** Calls {@code method}'s backend; completes with its reply's body, or fails with a {@link ProtocolException}. */
  public Future<Object> rpc(String method, Object data, String user, String connection, Object ref) {
    JsonObject request = new JsonObject().put("method", method).put("data", data).put("user", user)
        .put("connection", connection);
    return ask(RPC_PREFIX + method, request, rpc.timeout(), null, ref);
  }

  /** Hook calls that found no backend, failed or timed out. */
  public long unavailable() {
    return unavailable.sum();
  }

  private Future<Object> ask(String address, JsonObject request, Duration timeout, String channel, Object ref) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeout.toMillis());
    return eventBus.request(address, request, options).transform(ar -> {
      if (ar.failed()) {
        return Future.failedFuture(refusal(ar.cause(), channel, ref));
      }
      Object body = ar.result().body();
      if (body instanceof JsonObject reply && reply.getValue("error") instanceof JsonObject error) {
        return Future.failedFuture(new ProtocolException(code(error.getValue("code")),
            message(error.getValue("message"), "refused by the backend"), ref, channel));
      }
      return Future.succeededFuture(body);
    });
  }

  private ProtocolException refusal(Throwable cause, String channel, Object ref) {
    if (cause instanceof ReplyException e && e.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && (e.failureCode() == 400 || e.failureCode() == 403)) {
      return new ProtocolException(e.failureCode() == 400 ? ErrorCode.BAD_REQUEST : ErrorCode.FORBIDDEN,
          message(e.getMessage(), "refused by the backend"), ref, channel);
    }
    unavailable.increment();
    return new ProtocolException(ErrorCode.UNAVAILABLE, "the backend did not answer, try again", ref, channel);
  }

  private static ErrorCode code(Object wire) {
    for (ErrorCode c : ErrorCode.values()) {
      if (c.wire().equals(wire) && c != ErrorCode.UNAUTHORIZED) {
        return c;
      }
    }
    return ErrorCode.FORBIDDEN;
  }

  private static String message(Object message, String fallback) {
    if (!(message instanceof String m) || m.isBlank()) {
      return fallback;
    }
    return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE) + "…";
  }
}
