package io.switchboard.auth;

import static io.switchboard.auth.ChannelAction.PUBLISH;
import static io.switchboard.auth.ChannelAction.SUBSCRIBE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.ConfigException;
import io.switchboard.config.NamespaceConfig;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelPermissionsTest {
  private static final Identity ALICE = new Identity("alice", new JsonObject().put("role", "member"), null);
  private static final Identity ADMIN = new Identity("root", new JsonObject().put("role", "admin"), null);

  private static final ChannelPermissions PERMISSIONS = ChannelPermissions.from(List.of(
      NamespaceConfig.fromJson(new JsonObject(
          "{\"name\":\"chat\",\"subscribe\":[\"authenticated\"],\"publish\":[\"authenticated\"]}")),
      new NamespaceConfig("news", List.of("authenticated"), List.of("claim:role=admin"), false),
      new NamespaceConfig("user", List.of("owner"), List.of("owner", "claim:role=admin"), false),
      new NamespaceConfig("closed", List.of(), List.of(), false),
      new NamespaceConfig("", List.of("owner"), List.of(), false)));

  @Test
  void aSessionKeepsOnlyTheClaimsSomeRuleReads() {
    Identity full = new Identity("bob", new JsonObject().put("sub", "bob").put("role", "admin")
        .put("email", "bob@example.com").put("iat", 1), java.time.Instant.ofEpochSecond(99));
    Identity kept = PERMISSIONS.retainedPart(full);
    assertEquals("bob", kept.userId());
    assertEquals(java.time.Instant.ofEpochSecond(99), kept.expiresAt());
    assertEquals(new JsonObject().put("role", "admin"), kept.claims());
    assertTrue(PERMISSIONS.allows(kept, PUBLISH, "news:today"));
    assertEquals(new JsonObject(), PERMISSIONS.retainedPart(new Identity("eve", new JsonObject().put("x", 1), null)).claims());
  }

  @Test
  void namespaceOf() {
    assertEquals("a", ChannelPermissions.namespaceOf("a:b:c"));
    assertEquals("", ChannelPermissions.namespaceOf("plain"));
    assertEquals("chat", ChannelPermissions.namespaceOf("chat:room-1"));
    assertEquals("a", ChannelPermissions.namespaceOf("a:"));
    assertEquals("", ChannelPermissions.namespaceOf(":x"));
  }

  @Test
  void anyRuleOfTheActionsListAllows() {
    assertTrue(PERMISSIONS.allows(ALICE, SUBSCRIBE, "chat:lobby"));
    assertTrue(PERMISSIONS.allows(ALICE, PUBLISH, "chat:lobby"));
    assertTrue(PERMISSIONS.allows(ALICE, SUBSCRIBE, "news:today"));
    assertFalse(PERMISSIONS.allows(ALICE, PUBLISH, "news:today"));
    assertTrue(PERMISSIONS.allows(ADMIN, PUBLISH, "news:today"));
    assertTrue(PERMISSIONS.allows(ALICE, SUBSCRIBE, "user:alice"));
    assertFalse(PERMISSIONS.allows(ALICE, SUBSCRIBE, "user:bob"));
    assertTrue(PERMISSIONS.allows(ADMIN, PUBLISH, "user:bob"));
    assertFalse(PERMISSIONS.allows(ADMIN, SUBSCRIBE, "user:bob"));
  }

  @Test
  void theEmptyNamespaceHoldsChannelsWithoutAColon() {
    assertTrue(PERMISSIONS.allows(ALICE, SUBSCRIBE, "alice"));
    assertFalse(PERMISSIONS.allows(ALICE, SUBSCRIBE, "bob"));
    assertFalse(PERMISSIONS.allows(ALICE, PUBLISH, "alice"));
  }

  @Test
  void deniesByDefault() {
    assertFalse(PERMISSIONS.allows(ALICE, SUBSCRIBE, "secret:plans"), "unconfigured namespace");
    assertFalse(PERMISSIONS.allows(ADMIN, SUBSCRIBE, "closed:x"), "empty list");
    assertFalse(PERMISSIONS.allows(ADMIN, PUBLISH, "closed:x"), "empty list");
    assertFalse(PERMISSIONS.allows(null, SUBSCRIBE, "chat:lobby"), "nobody");
    assertFalse(PERMISSIONS.allows(ALICE, null, "chat:lobby"));
    assertFalse(PERMISSIONS.allows(ALICE, SUBSCRIBE, null));
    ChannelPermissions none = ChannelPermissions.from(List.of());
    assertFalse(none.allows(ADMIN, SUBSCRIBE, "chat:lobby"));
    assertFalse(none.allows(ADMIN, PUBLISH, "plain"));
  }

  @Test
  void badRuleStopsTheStartNamingWhereItIs() {
    ConfigException e = assertThrows(ConfigException.class, () -> ChannelPermissions.from(List.of(
        new NamespaceConfig("chat", List.of("authenticated"), List.of("admins"), false))));
    assertTrue(e.getMessage().startsWith("namespaces['chat'].publish: "), e.getMessage());
    assertTrue(e.getMessage().contains("'admins'"), e.getMessage());
  }

  @Test
  void duplicateNamespaceIsRefused() {
    NamespaceConfig chat = new NamespaceConfig("chat", List.of("authenticated"), List.of(), false);
    assertThrows(ConfigException.class, () -> ChannelPermissions.from(List.of(chat, chat)));
  }
}
