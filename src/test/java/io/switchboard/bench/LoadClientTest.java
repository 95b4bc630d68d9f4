package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LoadClientTest {

  private static JsonObject payload(String jwt) {
    String[] parts = jwt.split("\\.");
    assertEquals(3, parts.length);
    return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  @Test
  void mintsValidAndExpiredTokens() {
    try (LoadClient c = new LoadClient("bench-secret-bench-secret-bench-secret-0001", 1, false)) {
      long now = System.currentTimeMillis() / 1000;
      JsonObject valid = payload(c.token("bench-sub-1"));
      assertEquals("bench-sub-1", valid.getString("sub"));
      assertTrue(valid.getLong("exp") > now + 3000);
      JsonObject expired = payload(c.expiredToken("bench-storm"));
      assertEquals("bench-storm", expired.getString("sub"));
      assertTrue(expired.getLong("exp") < now - 3000, "exp an hour ago: " + expired);
      assertTrue(expired.getLong("iat") < expired.getLong("exp"));
    }
  }
}
