package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

  private static Map<String, List<RoundResult>> rounds() {
    Map<String, List<RoundResult>> m = new LinkedHashMap<>();
    m.put("gateway", List.of(new RoundResult("gateway").put("cpu", 30).put("lost", 0),
        new RoundResult("gateway").put("cpu", 10).put("lost", 0)));
    m.put("ceiling", List.of(new RoundResult("ceiling").put("cpu", 10).put("lost", 0)));
    return m;
  }

  @Test
  void jsonHasMediansAndRatiosWithNullForUndefined() {
    JsonObject j = Report.json("fanout", new JsonObject().put("rate", 5), rounds());
    assertEquals(20.0, j.getJsonObject("targets").getJsonObject("gateway").getJsonObject("median").getDouble("cpu"));
    assertEquals(2.0, j.getJsonObject("ratios").getDouble("cpu"));
    assertTrue(j.getJsonObject("ratios").containsKey("lost"));
    assertNull(j.getJsonObject("ratios").getValue("lost"));
    assertEquals(2, j.getJsonObject("targets").getJsonObject("gateway").getJsonArray("rounds").size());
  }

  @Test
  void ratiosOfAnyTwoTargetsAreFirstOverSecond() {
    Map<String, List<RoundResult>> m = new LinkedHashMap<>();
    m.put("defence-on", List.of(new RoundResult("defence-on").put("cpu", 3)));
    m.put("defence-off", List.of(new RoundResult("defence-off").put("cpu", 12)));
    JsonObject j = Report.json("storm", new JsonObject(), m);
    assertEquals("defence-on/defence-off", j.getString("ratio_of"));
    assertEquals(0.25, j.getJsonObject("ratios").getDouble("cpu"));
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    Report.table(new PrintStream(b, true, StandardCharsets.UTF_8), "storm", new JsonObject(), m);
    String[] lines = b.toString(StandardCharsets.UTF_8).split("\n");
    assertTrue(lines[1].endsWith("defence-on/defence-off"));
    assertTrue(lines[2].trim().endsWith("0.250"));
  }

  @Test
  void noRatiosForASingleTarget() {
    Map<String, List<RoundResult>> m = new LinkedHashMap<>();
    m.put("ceiling", List.of(new RoundResult("ceiling").put("cpu", 1)));
    assertFalse(Report.json("idle", new JsonObject(), m).containsKey("ratios"));
  }

  @Test
  void tableHasOneRowPerMetricAndRatioColumn() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    Report.table(new PrintStream(b, true, StandardCharsets.UTF_8), "fanout", new JsonObject(), rounds());
    String[] lines = b.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(4, lines.length);
    assertTrue(lines[1].endsWith("gateway/ceiling"));
    assertTrue(lines[2].startsWith("cpu"));
    assertTrue(lines[2].trim().endsWith("2"));
    assertTrue(lines[3].trim().endsWith("-"));
  }

  @Test
  void formatting() {
    assertEquals("-", Report.fmt(Double.NaN));
    assertEquals("12", Report.fmt(12.0));
    assertEquals("123.5", Report.fmt(123.456));
    assertEquals("1.23", Report.fmt(1.234));
    assertEquals("0.123", Report.fmt(0.1234));
  }
}
