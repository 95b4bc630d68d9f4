package io.switchboard.ops;

import io.switchboard.config.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Builds the configuration tree, each layer over the one before: the defaults built into the jar
 * (the same {@code conf/switchboard.yaml} the repository documents), the {@code --config} file,
 * the environment variables of {@link #ENVIRONMENT}, and {@code --set path=value} flags. Maps merge
 * key by key; lists and scalars replace.
 */
public final class ConfigLoader {
  /** The environment variables a node reads, and the option each one sets. */
  public static final Map<String, String> ENVIRONMENT = envTable();

  private static final String DEFAULTS_RESOURCE = "/io/switchboard/ops/switchboard.yaml";

  private ConfigLoader() {}

  private static Map<String, String> envTable() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("SWITCHBOARD_HTTP_HOST", "http.host");
    m.put("SWITCHBOARD_HTTP_PORT", "http.port");
    m.put("SWITCHBOARD_API_HOST", "api.host");
    m.put("SWITCHBOARD_API_PORT", "api.port");
    m.put("SWITCHBOARD_API_KEYS", "api.keys");
    m.put("SWITCHBOARD_JWT_SECRET", "auth.jwt.secret");
    m.put("SWITCHBOARD_JWT_PUBLIC_KEY_FILE", "auth.jwt.publicKeyFile");
    m.put("SWITCHBOARD_JWT_ALGORITHM", "auth.jwt.algorithm");
    m.put("SWITCHBOARD_CLUSTER_NAME", "cluster.name");
    m.put("SWITCHBOARD_CLUSTER_HOST", "cluster.host");
    m.put("SWITCHBOARD_CLUSTER_PORT", "cluster.port");
    m.put("SWITCHBOARD_CLUSTER_MEMBERS", "cluster.members");
    m.put("SWITCHBOARD_CLUSTER_KUBERNETES_SERVICE_DNS", "cluster.kubernetesServiceDns");
    m.put("SWITCHBOARD_HAZELCAST_CONFIG", "cluster.hazelcastConfig");
    return Map.copyOf(m);
  }

  /**
   * @param file the {@code --config} file, or null
   * @param env the process environment (a parameter so tests can pass their own)
   * @param overrides {@code path=value} pairs, applied last
   */
  public static JsonObject load(Path file, Map<String, String> env, List<String> overrides) {
    JsonObject tree = defaults();
    if (file != null) {
      merge(tree, readYaml(file));
    }
    ENVIRONMENT.forEach((name, path) -> {
      String value = env.get(name);
      if (value != null && !value.isEmpty()) {
        set(tree, path, value);
      }
    });
    for (String pair : overrides) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("--set expects path=value, got '" + pair + "'");
      }
      set(tree, pair.substring(0, eq).trim(), scalar(pair.substring(eq + 1)));
    }
    return tree;
  }

  /** The built-in defaults. */
  public static JsonObject defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("built-in defaults missing from the jar: " + DEFAULTS_RESOURCE);
      }
      return parseYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in defaults");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the built-in defaults", e);
    }
  }

  static JsonObject readYaml(Path file) {
    try {
      return parseYaml(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
    }
  }

  static JsonObject parseYaml(String text, String source) {
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw new ConfigException(source + " is not valid YAML: " + e.getMessage());
    }
    if (doc == null) {
      return new JsonObject();
    }
    if (!(toJson(doc) instanceof JsonObject json)) {
      throw new ConfigException(source + ": the top level must be a map of sections");
    }
    return json;
  }

  private static Object toJson(Object yaml) {
    if (yaml instanceof Map<?, ?> map) {
      JsonObject out = new JsonObject();
      map.forEach((k, v) -> out.put(String.valueOf(k), toJson(v)));
      return out;
    }
    if (yaml instanceof List<?> list) {
      JsonArray out = new JsonArray();
      list.forEach(v -> out.add(toJson(v)));
      return out;
    }
    if (yaml == null || yaml instanceof String || yaml instanceof Number || yaml instanceof Boolean) {
      return yaml;
    }
    return yaml.toString();
  }

  /** A flag value read as YAML, so that {@code 8080} is a number and {@code true} a boolean. */
  private static Object scalar(String text) {
    try {
      Object v = toJson(new Yaml(new SafeConstructor(new LoaderOptions())).load(text));
      return v == null ? "" : v;
    } catch (YAMLException e) {
      return text;
    }
  }

  /** Merges {@code over} into {@code base}: maps key by key, lists and scalars replace. */
  public static void merge(JsonObject base, JsonObject over) {
    for (String key : over.fieldNames()) {
      Object value = over.getValue(key);
      if (value instanceof JsonObject o && base.getValue(key) instanceof JsonObject b) {
        merge(b, o);
      } else {
        base.put(key, value);
      }
    }
  }

  private static void set(JsonObject tree, String path, Object value) {
    String[] parts = path.split("\\.");
    JsonObject node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      Object next = node.getValue(parts[i]);
      if (!(next instanceof JsonObject)) {
        next = new JsonObject();
        node.put(parts[i], next);
      }
      node = (JsonObject) next;
    }
    node.put(parts[parts.length - 1], value);
  }
}
