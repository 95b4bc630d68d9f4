package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Typed, validated reads of one configuration section, and their error messages. */
class ConfigSectionTest {

  private static ConfigSection limits(JsonObject json) {
    return ConfigSection.of("limits", json, "n", "flag", "name", "wait", "list", "sub", "items");
  }

  private static String failure(Runnable read) {
    return assertThrows(ConfigException.class, read::run).getMessage();
  }

  @Test
  void refusesAnUnknownKeyByItsFullNameAndListsTheKnownOnes() {
    String message = failure(() -> ConfigSection.of("limits", new JsonObject().put("maxPendingByte", 1), "maxPendingBytes"));
    assertTrue(message.contains("'limits.maxPendingByte'"), message);
    assertTrue(message.contains("maxPendingBytes"), message);
    String root = failure(() -> ConfigSection.of("", new JsonObject().put("htp", new JsonObject()), "http"));
    assertTrue(root.contains("'htp'"), root);
  }

  @Test
  void nullAndMissingSectionsReadAsEmpty() {
    ConfigSection empty = ConfigSection.of("limits", null, "n");
    assertEquals(7, empty.integer("n", 7, 0, 10));
    assertEquals(new JsonObject(), empty.json());
    ConfigSection nested = ConfigSection.of("", new JsonObject(), "limits").section("limits", "n");
    assertEquals("limits.n", nested.name("n"));
    assertEquals(3, nested.integer("n", 3, 0, 10));
  }

  @Test
  void nestedSectionsAreValidatedWithTheirPath() {
    ConfigSection root = ConfigSection.of("", new JsonObject().put("http", new JsonObject().put("prot", 1)), "http");
    String message = failure(() -> root.section("http", "port"));
    assertTrue(message.contains("'http.prot'"), message);
    ConfigSection scalar = ConfigSection.of("", new JsonObject().put("http", 8080), "http");
    assertTrue(failure(() -> scalar.section("http", "port")).startsWith("http: expected a section"));
  }

  @Test
  void integers() {
    assertEquals(5, limits(new JsonObject().put("n", 5)).integer("n", 0, 0, 10));
    assertEquals(5, limits(new JsonObject().put("n", 5.0)).integer("n", 0, 0, 10));
    assertEquals(5, limits(new JsonObject().put("n", " 5 ")).integer("n", 0, 0, 10), "environment values are text");
    assertEquals(-3, limits(new JsonObject().put("n", "-3")).integer("n", 0, -5, 10));
    assertEquals(9, limits(new JsonObject()).integer("n", 9, 0, 10));
    assertTrue(failure(() -> limits(new JsonObject().put("n", 5.5)).integer("n", 0, 0, 10))
        .startsWith("limits.n: expected a whole number"));
    assertTrue(failure(() -> limits(new JsonObject().put("n", "five")).integer("n", 0, 0, 10)).contains("'five'"));
    assertTrue(failure(() -> limits(new JsonObject().put("n", true)).integer("n", 0, 0, 10)).startsWith("limits.n"));
    assertTrue(failure(() -> limits(new JsonObject().put("n", "99999999999999999999")).integer("n", 0, 0, 10))
        .startsWith("limits.n"));
    String range = failure(() -> limits(new JsonObject().put("n", 11)).integer("n", 0, 1, 10));
    assertEquals("limits.n: must be between 1 and 10, got 11", range);
    assertTrue(failure(() -> limits(new JsonObject().put("n", 0)).integer("n", 5, 1, 10)).contains("got 0"));
  }

  @Test
  void booleans() {
    assertTrue(limits(new JsonObject().put("flag", true)).bool("flag", false));
    assertTrue(limits(new JsonObject().put("flag", "TRUE")).bool("flag", false));
    assertFalse(limits(new JsonObject().put("flag", "false")).bool("flag", true));
    assertTrue(limits(new JsonObject()).bool("flag", true));
    assertTrue(failure(() -> limits(new JsonObject().put("flag", "yes")).bool("flag", false))
        .startsWith("limits.flag: expected true or false"));
    assertTrue(failure(() -> limits(new JsonObject().put("flag", 1)).bool("flag", false)).startsWith("limits.flag"));
  }

  @Test
  void stringsAcceptScalarsButNotStructures() {
    assertEquals("x", limits(new JsonObject().put("name", "x")).string("name", "d"));
    assertEquals("8080", limits(new JsonObject().put("name", 8080)).string("name", "d"));
    assertEquals("true", limits(new JsonObject().put("name", true)).string("name", "d"));
    assertEquals("d", limits(new JsonObject()).string("name", "d"));
    assertEquals("limits.name: expected a string",
        failure(() -> limits(new JsonObject().put("name", new JsonArray())).string("name", "d")));
    assertEquals("limits.name: expected a string",
        failure(() -> limits(new JsonObject().put("name", new JsonObject())).string("name", "d")));
  }

  @Test
  void durationsWithAMinimum() {
    ConfigSection s = limits(new JsonObject().put("wait", "2s"));
    assertEquals(Duration.ofSeconds(2), s.duration("wait", Duration.ZERO, Duration.ofMillis(100)));
    assertEquals(Duration.ofSeconds(9), limits(new JsonObject()).duration("wait", Duration.ofSeconds(9), Duration.ZERO));
    String tooShort = failure(() -> limits(new JsonObject().put("wait", "50ms")).duration("wait", Duration.ZERO,
        Duration.ofMillis(100)));
    assertTrue(tooShort.startsWith("limits.wait: must be at least 100ms"), tooShort);
    assertTrue(failure(() -> limits(new JsonObject().put("wait", "soon")).duration("wait", Duration.ZERO, Duration.ZERO))
        .startsWith("limits.wait: "));
  }

  @Test
  void stringListsFromListsOrCommaSeparatedText() {
    assertEquals(List.of("a", "b"), limits(new JsonObject().put("list", new JsonArray().add("a").add("b"))).strings("list"));
    assertEquals(List.of("a", "b"), limits(new JsonObject().put("list", " a, ,b ,")).strings("list"));
    assertEquals(List.of(), limits(new JsonObject()).strings("list"));
    assertEquals(List.of(), limits(new JsonObject().put("list", "")).strings("list"));
    assertTrue(failure(() -> limits(new JsonObject().put("list", new JsonArray().add("a").add(1))).strings("list"))
        .startsWith("limits.list: expected a list of strings"));
    assertTrue(failure(() -> limits(new JsonObject().put("list", 5)).strings("list")).startsWith("limits.list"));
  }

  @Test
  void listsOfSections() {
    JsonArray items = new JsonArray().add(new JsonObject().put("name", "a")).add(new JsonObject().put("name", "b"));
    List<JsonObject> read = limits(new JsonObject().put("items", items)).sections("items");
    assertEquals(List.of(new JsonObject().put("name", "a"), new JsonObject().put("name", "b")), read);
    assertEquals(List.of(), limits(new JsonObject()).sections("items"));
    assertEquals("limits.items: every entry must be a map of options",
        failure(() -> limits(new JsonObject().put("items", new JsonArray().add("a"))).sections("items")));
    assertEquals("limits.items: expected a list",
        failure(() -> limits(new JsonObject().put("items", new JsonObject())).sections("items")));
  }
}
