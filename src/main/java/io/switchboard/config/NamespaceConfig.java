package io.switchboard.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
 */
public record NamespaceConfig(String name, List<String> subscribe, List<String> publish, boolean presence) {
  private static final Set<String> KEYS = Set.of("name", "subscribe", "publish", "presence");

  public NamespaceConfig {
    subscribe = List.copyOf(subscribe);
    publish = List.copyOf(publish);
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
        json.getValue("presence") == null || Boolean.TRUE.equals(json.getValue("presence")));
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
