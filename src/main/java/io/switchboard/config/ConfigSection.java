package io.switchboard.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, validated reads of one section of the configuration. Every error names the option by its
 * full path ({@code limits.maxMessageBytes}) and says what was expected. A section refuses keys it
 * does not know, so that a misspelt option fails the start instead of being silently ignored.
 */
public final class ConfigSection {
  private final String path;
  private final JsonObject json;

  private ConfigSection(String path, JsonObject json) {
    this.path = path;
    this.json = json == null ? new JsonObject() : json;
  }

  /**
   * @param path the section's name for messages ({@code limits}), {@code ""} for the root
   * @param json the section's content; null reads as empty
   * @param known the keys this section accepts
   */
  public static ConfigSection of(String path, JsonObject json, String... known) {
    ConfigSection section = new ConfigSection(path, json);
    Set<String> allowed = new TreeSet<>(Arrays.asList(known));
    for (String key : section.json.fieldNames()) {
      if (!allowed.contains(key)) {
        throw new ConfigException("unknown option '" + section.name(key) + "' (known here: " + allowed + ")");
      }
    }
    return section;
  }

  /** The full name of an option of this section. */
  public String name(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** A nested section, empty when absent. */
  public ConfigSection section(String key, String... known) {
    Object value = json.getValue(key);
    if (value != null && !(value instanceof JsonObject)) {
      throw new ConfigException(name(key) + ": expected a section (a map of options)");
    }
    return of(name(key), (JsonObject) value, known);
  }

  public String string(String key, String fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    throw new ConfigException(name(key) + ": expected a string");
  }

  public int integer(String key, int fallback, int min, int max) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    long parsed;
    if (value instanceof Number n && n.doubleValue() == n.longValue()) {
      parsed = n.longValue();
    } else if (value instanceof String s && s.trim().matches("-?\\d{1,18}")) {
      parsed = Long.parseLong(s.trim());
    } else {
      throw new ConfigException(name(key) + ": expected a whole number, got '" + value + "'");
    }
    if (parsed < min || parsed > max) {
      throw new ConfigException(name(key) + ": must be between " + min + " and " + max + ", got " + parsed);
    }
    return (int) parsed;
  }

  public boolean bool(String key, boolean fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw new ConfigException(name(key) + ": expected true or false, got '" + value + "'");
  }

  public Duration duration(String key, Duration fallback, Duration min) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    Duration parsed = Durations.parse(name(key), value);
    if (parsed.compareTo(min) < 0) {
      throw new ConfigException(name(key) + ": must be at least " + min.toMillis() + "ms, got " + value);
    }
    return parsed;
  }

  /** A list of strings; a single comma-separated string is accepted too (environment variables). */
  public List<String> strings(String key) {
    Object value = json.getValue(key);
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (value instanceof String s) {
      for (String part : s.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return out;
    }
    if (!(value instanceof JsonArray array)) {
      throw new ConfigException(name(key) + ": expected a list of strings");
    }
    for (Object item : array) {
      if (!(item instanceof String s)) {
        throw new ConfigException(name(key) + ": expected a list of strings, found '" + item + "'");
      }
      out.add(s);
    }
    return out;
  }

  /** A list of sections (maps). */
  public List<JsonObject> sections(String key) {
    Object value = json.getValue(key);
    List<JsonObject> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof JsonArray array)) {
      throw new ConfigException(name(key) + ": expected a list");
    }
    for (Object item : array) {
      if (!(item instanceof JsonObject o)) {
        throw new ConfigException(name(key) + ": every entry must be a map of options");
      }
      out.add(o);
    }
    return out;
  }

  /** The raw section, for parsers that live in other packages. */
  public JsonObject json() {
    return json;
  }
}
