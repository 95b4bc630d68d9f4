package io.switchboard.config;

import io.switchboard.history.HistoryPolicy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The options of one channel namespace: the part of a channel name before its first {@code :}
 * ({@code chat:room-1} is in {@code chat}); the name {@code ""} stands for channels without one.
 *
 * <p>{@code subscribe} and {@code publish} are lists of permission rules (see the auth package);
 * an empty list lets nobody in. A namespace that is not configured at all is closed to everyone.
 *
 * @param name the namespace, {@code ""} for channels without a {@code :}
 * @param subscribe rules, any of which lets a user subscribe
 * @param publish rules, any of which lets a user publish
 * @param presence whether subscribers of the namespace's channels are tracked and announced
 * @param history what the namespace's channels keep for recovery and history queries; null: they
 *     keep nothing, and their publications carry no offset
 * @param publishHook how long a client publication waits for the backend's verdict on
 *     {@code switchboard.inbound.<namespace>} ({@code hooks: {publish: backend, timeout}}); null:
 *     publications go out without one
 */
public record NamespaceConfig(String name, List<String> subscribe, List<String> publish, boolean presence,
    HistoryPolicy history, Duration publishHook) {
  private static final Set<String> KEYS = Set.of("name", "subscribe", "publish", "presence", "history", "hooks");
  /** How long a publication waits for its backend unless configured. */
  public static final Duration DEFAULT_HOOK_TIMEOUT = Duration.ofSeconds(2);
  /** How long a channel's position outlives its last publication unless configured: a month. */
  public static final Duration DEFAULT_META_TTL = Duration.ofDays(30);
  /** Publications a resuming subscriber may be sent at most unless configured. */
  public static final int DEFAULT_MAX_RECOVER = 300;

  public NamespaceConfig {
    subscribe = List.copyOf(subscribe);
    publish = List.copyOf(publish);
  }

  /** A namespace without history. */
  public NamespaceConfig(String name, List<String> subscribe, List<String> publish, boolean presence) {
    this(name, subscribe, publish, presence, null, null);
  }

  /** A namespace without a publish hook. */
  public NamespaceConfig(String name, List<String> subscribe, List<String> publish, boolean presence,
      HistoryPolicy history) {
    this(name, subscribe, publish, presence, history, null);
  }

  /** Reads one entry of the {@code namespaces} list. */
  public static NamespaceConfig fromJson(JsonObject json) {
    for (String key : json.fieldNames()) {
      if (!KEYS.contains(key)) {
        throw new ConfigException("namespaces: unknown option '" + key + "' (known: " + KEYS + ")");
      }
    }
    Object name = json.getValue("name");
    if (!(name instanceof String s) || s.contains(":")) {
      throw new ConfigException("namespaces: every entry needs a 'name' without ':' (\"\" for channels without a namespace)");
    }
    return new NamespaceConfig(
        s,
        rules(s, "subscribe", json.getValue("subscribe")),
        rules(s, "publish", json.getValue("publish")),
        json.getValue("presence") == null || Boolean.TRUE.equals(json.getValue("presence")),
        history(s, json.getValue("history")),
        publishHook(s, json.getValue("hooks")));
  }

  /** {@code hooks: {publish: backend, timeout?}}: the publish hook's timeout, or null without one. */
  private static Duration publishHook(String ns, Object value) {
    if (value != null && !(value instanceof JsonObject)) {
      throw new ConfigException("namespaces['" + ns + "'].hooks: expected a section {publish: backend, timeout?}");
    }
    ConfigSection section = ConfigSection.of("namespaces['" + ns + "'].hooks", (JsonObject) value, "publish", "timeout");
    String publish = section.string("publish", "");
    if (publish.isEmpty()) {
      return null;
    }
    if (!publish.equals("backend")) {
      throw new ConfigException(section.name("publish") + ": the only hook is 'backend'");
    }
    return section.duration("timeout", DEFAULT_HOOK_TIMEOUT, Duration.ofMillis(10));
  }

  /**
   * {@code history: {size, ttl, metaTtl?, maxRecover?}}: {@code size} and {@code ttl} both or
   * neither; an empty or absent section means no history.
   */
  private static HistoryPolicy history(String ns, Object value) {
    if (value != null && !(value instanceof JsonObject)) {
      throw new ConfigException("namespaces['" + ns + "'].history: expected a section {size, ttl, metaTtl?, maxRecover?}");
    }
    ConfigSection section = ConfigSection.of("namespaces['" + ns + "'].history", (JsonObject) value,
        "size", "ttl", "metaTtl", "maxRecover");
    JsonObject json = section.json();
    if (json.isEmpty()) {
      return null;
    }
    boolean hasSize = json.getValue("size") != null;
    boolean hasTtl = json.getValue("ttl") != null;
    if (!hasSize || !hasTtl) {
      throw new ConfigException(section.name(hasSize ? "ttl" : "size")
          + ": required with " + section.name(hasSize ? "size" : "ttl") + " (history needs both, or neither)");
    }
    int size = section.integer("size", 0, 1, 100_000);
    Duration ttl = section.duration("ttl", null, Duration.ofSeconds(1));
    Duration metaTtl = section.duration("metaTtl", DEFAULT_META_TTL.compareTo(ttl) < 0 ? ttl : DEFAULT_META_TTL, ttl);
    int maxRecover = section.integer("maxRecover", Math.min(DEFAULT_MAX_RECOVER, size), 1, size);
    return new HistoryPolicy(size, ttl, metaTtl, maxRecover);
  }

  private static List<String> rules(String ns, String key, Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new ConfigException("namespaces['" + ns + "']." + key + ": expected a list of rules");
    }
    List<String> out = new ArrayList<>();
    for (Object rule : array) {
      if (!(rule instanceof String r) || r.isBlank()) {
        throw new ConfigException("namespaces['" + ns + "']." + key + ": every rule is a non-empty string");
      }
      out.add(r.trim());
    }
    return out;
  }
}
