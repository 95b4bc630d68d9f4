package io.switchboard.auth;

import io.switchboard.config.ConfigException;
import io.switchboard.config.NamespaceConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may subscribe and publish where: permissions as data, deny by default. A channel belongs to
 * the namespace before its first {@code :}; each configured namespace has a rule list per
 * {@link ChannelAction}, and a user is allowed when any rule of the list allows. An unconfigured
 * namespace, an empty list, or no identity, denies.
 *
 * <p>Immutable and thread-safe. Every rule is parsed when this is built, so that a bad rule stops
 * the node at start-up rather than denying (or allowing) at run time.
 */
public final class ChannelPermissions {
  private record Rules(List<PermissionRule> subscribe, List<PermissionRule> publish) {}

  private final Map<String, Rules> byNamespace;
  /** The claims some {@code claim:} rule reads. */
  private final java.util.Set<String> claimNames;

  private ChannelPermissions(Map<String, Rules> byNamespace) {
    this.byNamespace = Map.copyOf(byNamespace);
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Rules rules : byNamespace.values()) {
      java.util.stream.Stream.concat(rules.subscribe().stream(), rules.publish().stream())
          .filter(r -> r instanceof PermissionRule.ClaimEquals)
          .forEach(r -> names.add(((PermissionRule.ClaimEquals) r).name()));
    }
    this.claimNames = java.util.Set.copyOf(names);
  }

  /**
   * The part of an identity these permissions can ever read: its user id, its expiry and the
   * claims some {@code claim:} rule names. A session keeps this, not the whole token payload,
   * which would cost several hundred bytes per connection (and hold data nothing reads).
   */
  public Identity retainedPart(Identity who) {
    io.vertx.core.json.JsonObject kept = new io.vertx.core.json.JsonObject();
    for (String name : claimNames) {
      Object value = who.claims().getValue(name);
      if (value != null) {
        kept.put(name, value);
      }
    }
    return new Identity(who.userId(), kept, who.expiresAt());
  }

  /**
   * @throws ConfigException on a bad rule (naming the namespace, the list and the rule) or a
   *     namespace configured twice
   */
  public static ChannelPermissions from(List<NamespaceConfig> namespaces) {
    Map<String, Rules> byNamespace = new HashMap<>();
    for (NamespaceConfig ns : namespaces) {
      Rules rules = new Rules(
          parse(ns.name(), "subscribe", ns.subscribe()), parse(ns.name(), "publish", ns.publish()));
      if (byNamespace.putIfAbsent(ns.name(), rules) != null) {
        throw new ConfigException("namespaces: '" + ns.name() + "' is configured twice");
      }
    }
    return new ChannelPermissions(byNamespace);
  }

  /**
   * The namespace of a channel: the part before the first {@code :}, or {@code ""} when there is
   * none ({@code a:b:c} → {@code a}, {@code plain} → {@code ""}, {@code :x} → {@code ""}).
   */
  public static String namespaceOf(String channel) {
    int colon = channel.indexOf(':');
    return colon < 0 ? "" : channel.substring(0, colon);
  }

  /** Whether the channel's namespace is configured at all (backends may use any configured one). */
  public boolean configures(String channel) {
    return channel != null && byNamespace.containsKey(namespaceOf(channel));
  }

  /**
   * @param who the user, {@code null} for nobody
   * @return false when the namespace is not configured, or no rule of the action's list allows
   */
  public boolean allows(Identity who, ChannelAction action, String channel) {
    if (who == null || action == null || channel == null) {
      return false;
    }
    String namespace = namespaceOf(channel);
    Rules rules = byNamespace.get(namespace);
    if (rules == null) {
      return false;
    }
    List<PermissionRule> list = switch (action) {
      case SUBSCRIBE -> rules.subscribe();
      case PUBLISH -> rules.publish();
    };
    for (PermissionRule rule : list) {
      if (rule.allows(who, channel, namespace)) {
        return true;
      }
    }
    return false;
  }

  private static List<PermissionRule> parse(String namespace, String action, List<String> texts) {
    return texts.stream().map(text -> {
      try {
        return PermissionRule.parse(text);
      } catch (ConfigException e) {
        throw new ConfigException("namespaces['" + namespace + "']." + action + ": " + e.getMessage(), e);
      }
    }).toList();
  }
}
