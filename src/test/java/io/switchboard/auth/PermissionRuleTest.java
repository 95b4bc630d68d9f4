package io.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class PermissionRuleTest {
  private static Identity user(String id, JsonObject claims) {
    return new Identity(id, claims.copy().put("sub", id), null);
  }

  private static Identity user(String id) {
    return user(id, new JsonObject());
  }

  @Test
  void parsesEveryForm() {
    assertInstanceOf(PermissionRule.Authenticated.class, PermissionRule.parse("authenticated"));
    assertInstanceOf(PermissionRule.Owner.class, PermissionRule.parse(" owner "));
    assertEquals(new PermissionRule.ClaimEquals("role", "admin"), PermissionRule.parse("claim:role=admin"));
    assertEquals(new PermissionRule.ClaimEquals("team", "a=b"), PermissionRule.parse("claim:team=a=b"));
    assertEquals("claim:role=admin", PermissionRule.parse("claim:role=admin").toString());
  }

  @Test
  void refusesAnythingElseNamingTheRuleAndTheValidForms() {
    for (String bad : new String[] {"", "admin", "Owner", "everyone", "claim:", "claim:role", "claim:=x", "claim:role=", "role=admin"}) {
      String message = assertThrows(ConfigException.class, () -> PermissionRule.parse(bad)).getMessage();
      assertTrue(message.contains("'" + bad + "'"), message);
      assertTrue(message.contains("authenticated") && message.contains("owner") && message.contains("claim:NAME=VALUE"), message);
    }
  }

  @Test
  void authenticatedAllowsAnyUserButNobody() {
    PermissionRule rule = PermissionRule.parse("authenticated");
    assertTrue(rule.allows(user("alice"), "chat:lobby", "chat"));
    assertFalse(rule.allows(null, "chat:lobby", "chat"));
  }

  @Test
  void ownerMatchesTheNameAfterTheNamespace() {
    PermissionRule rule = PermissionRule.parse("owner");
    assertTrue(rule.allows(user("alice"), "user:alice", "user"));
    assertFalse(rule.allows(user("bob"), "user:alice", "user"));
    assertFalse(rule.allows(user("alice"), "user:alice:inbox", "user"));
    assertFalse(rule.allows(user("alice"), "user:", "user"));
    assertFalse(rule.allows(null, "user:alice", "user"));
    // A user id that itself contains ':' still owns its channel.
    assertTrue(rule.allows(user("org:alice"), "user:org:alice", "user"));
  }

  @Test
  void ownerInTheEmptyNamespaceMatchesTheWholeName() {
    PermissionRule rule = PermissionRule.parse("owner");
    assertTrue(rule.allows(user("alice"), "alice", ""));
    assertFalse(rule.allows(user("alice"), "bob", ""));
  }

  @Test
  void claimComparesAsText() {
    PermissionRule admin = PermissionRule.parse("claim:role=admin");
    assertTrue(admin.allows(user("a", new JsonObject().put("role", "admin")), "x:y", "x"));
    assertFalse(admin.allows(user("a", new JsonObject().put("role", "Admin")), "x:y", "x"));
    assertFalse(admin.allows(user("a"), "x:y", "x"));
    assertFalse(admin.allows(user("a", new JsonObject().putNull("role")), "x:y", "x"));
    assertFalse(admin.allows(user("a", new JsonObject().put("role", new JsonObject().put("admin", true))), "x:y", "x"));
    assertFalse(admin.allows(null, "x:y", "x"));
    assertTrue(PermissionRule.parse("claim:level=42").allows(user("a", new JsonObject().put("level", 42)), "x:y", "x"));
    assertTrue(PermissionRule.parse("claim:beta=true").allows(user("a", new JsonObject().put("beta", true)), "x:y", "x"));
  }

  @Test
  void claimMatchesAnyElementOfAnArray() {
    PermissionRule rule = PermissionRule.parse("claim:groups=editors");
    assertTrue(rule.allows(user("a", new JsonObject().put("groups", new JsonArray().add("readers").add("editors"))), "x:y", "x"));
    assertFalse(rule.allows(user("a", new JsonObject().put("groups", new JsonArray().add("readers"))), "x:y", "x"));
    assertFalse(rule.allows(user("a", new JsonObject().put("groups", new JsonArray())), "x:y", "x"));
  }
}
