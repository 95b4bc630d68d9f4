package io.switchboard.auth;

import io.switchboard.config.ConfigException;
import io.vertx.core.json.JsonArray;

/**
 * One permission rule of a namespace's {@code subscribe} or {@code publish} list, parsed from its
 * configuration string. A rule only ever allows; the absence of an allowing rule denies.
 *
 * <ul>
 *   <li>{@code authenticated}: any authenticated user;
 *   <li>{@code owner}: the channel's name after the namespace equals the user's id ({@code user:alice}
 *       for sub {@code alice}); for namespace {@code ""} the whole channel name;
 *   <li>{@code claim:NAME=VALUE}: the token's claim NAME equals VALUE, compared as text; when the
 *       claim is a JSON array, any element equal to VALUE is enough.
 * </ul>
 */
public sealed interface PermissionRule
    permits PermissionRule.Authenticated, PermissionRule.Owner, PermissionRule.ClaimEquals {

  /**
   * @param who the user, {@code null} for nobody (always denied)
   * @param channel the full channel name, e.g. {@code user:alice}
   * @param namespace the channel's namespace, as {@link ChannelPermissions#namespaceOf} gives it
   */
  boolean allows(Identity who, String channel, String namespace);

  /**
   * @throws ConfigException naming the bad rule and listing the valid forms
   */
  static PermissionRule parse(String text) {
    String rule = text == null ? "" : text.strip();
    if (rule.equals("authenticated")) {
      return new Authenticated();
    }
    if (rule.equals("owner")) {
      return new Owner();
    }
    if (rule.startsWith(ClaimEquals.PREFIX)) {
      String body = rule.substring(ClaimEquals.PREFIX.length());
      int eq = body.indexOf('=');
      if (eq > 0 && eq < body.length() - 1) {
        return new ClaimEquals(body.substring(0, eq), body.substring(eq + 1));
      }
    }
    throw new ConfigException("unknown permission rule '" + text
        + "'; valid rules: 'authenticated', 'owner', 'claim:NAME=VALUE' (NAME and VALUE not empty)");
  }

  /** Any authenticated user. */
  record Authenticated() implements PermissionRule {
    @Override
    public boolean allows(Identity who, String channel, String namespace) {
      return who != null;
    }

    @Override
    public String toString() {
      return "authenticated";
    }
  }

  /** The channel is the user's own: its name after {@code namespace:} is the user id. */
  record Owner() implements PermissionRule {
    @Override
    public boolean allows(Identity who, String channel, String namespace) {
      if (who == null || channel == null) {
        return false;
      }
      if (namespace.isEmpty()) {
        return channel.equals(who.userId());
      }
      String prefix = namespace + ":";
      return channel.startsWith(prefix) && channel.substring(prefix.length()).equals(who.userId());
    }

    @Override
    public String toString() {
      return "owner";
    }
  }

  /**
   * The claim {@code name} equals {@code value} as text: a string as is, a number or boolean as
   * JSON writes it ({@code 42}, {@code true}), an array when one of its elements does; objects and
   * null never match.
   */
  record ClaimEquals(String name, String value) implements PermissionRule {
    static final String PREFIX = "claim:";

    public ClaimEquals {
      if (name == null || name.isEmpty() || value == null || value.isEmpty()) {
        throw new ConfigException("a claim rule needs a NAME and a VALUE: 'claim:NAME=VALUE'");
      }
    }

    @Override
    public boolean allows(Identity who, String channel, String namespace) {
      if (who == null) {
        return false;
      }
      Object claim = who.claims().getValue(name);
      if (claim instanceof JsonArray array) {
        for (Object element : array) {
          if (matches(element)) {
            return true;
          }
        }
        return false;
      }
      return matches(claim);
    }

    private boolean matches(Object claim) {
      return (claim instanceof String || claim instanceof Number || claim instanceof Boolean)
          && value.equals(claim.toString());
    }

    @Override
    public String toString() {
      return PREFIX + name + "=" + value;
    }
  }
}
