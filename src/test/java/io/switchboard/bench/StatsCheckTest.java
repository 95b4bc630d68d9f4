package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsCheckTest {

  @Test
  void allZeroWhateverTheNames() {
    JsonObject s = new JsonObject("{\"sessions\":0,\"subs\":0,\"node\":\"n1\",\"cluster\":{\"consumers\":0}}");
    assertTrue(StatsCheck.allZero(s));
    assertEquals(3, StatsCheck.numericFields(s).size());
  }

  @Test
  void reportsNonZeroIncludingNested() {
    JsonObject s = new JsonObject("{\"sessions\":0,\"presenceEntries\":2,\"x\":{\"consumers\":1}}");
    assertFalse(StatsCheck.allZero(s));
    assertEquals(List.of("presenceEntries=2", "x.consumers=1"), StatsCheck.nonZero(s));
  }

  @Test
  void noNumericFieldIsNotAPass() {
    assertFalse(StatsCheck.allZero(new JsonObject("{\"status\":\"ok\"}")));
  }
}
