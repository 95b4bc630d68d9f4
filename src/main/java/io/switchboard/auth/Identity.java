package io.switchboard.auth;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Collections;

/**
 * The authenticated user of one connection.
 *
 * @param userId the token's {@code sub}, never blank
 * @param claims every claim of the verified token (a private copy: changing the caller's object
 *     afterwards does not change the identity; read-only when empty)
 * @param expiresAt when the token expires, {@code null} when it had no {@code exp}
 */
public record Identity(String userId, JsonObject claims, Instant expiresAt) {
  /** Shared by every identity without claims (most sessions keep none, see ChannelPermissions). */
  private static final JsonObject NO_CLAIMS = new JsonObject(Collections.emptyMap());

  public Identity {
    if (userId == null || userId.isBlank()) {
      throw new IllegalArgumentException("an identity needs a non-blank user id");
    }
    claims = claims == null || claims.isEmpty() ? NO_CLAIMS : claims.copy();
  }
}
