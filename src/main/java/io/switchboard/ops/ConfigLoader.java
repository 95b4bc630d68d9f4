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
  /** Short names for the options set most often from the environment, and the option each sets. */
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
    applyEnvironment(tree, env);
    for (String pair : overrides) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("--set expects path=value, got '" + pair + "'");
      }
      set(tree, pair.substring(0, eq).trim(), scalar(pair.substring(eq + 1)));
    }
    return tree;
  }

  /**
   * Sets the options the environment names: every {@code SWITCHBOARD_*} variable must be one of
   * {@link #environmentNames()} (or {@code SWITCHBOARD_CONFIG}), else the node refuses to start, as
   * for a misspelled option. A value is read as YAML (a number, a boolean, a list) where the
   * option's default is not text; text options (secrets among them) take it verbatim.
   */
  private static void applyEnvironment(JsonObject tree, Map<String, String> env) {
    Map<String, String> names = environmentNames();
    JsonObject defaults = defaults();
    for (String name : new java.util.TreeSet<>(env.keySet())) {
      String value = env.get(name);
      if (!name.startsWith(ENV_PREFIX) || name.equals(CONFIG_VARIABLE) || value == null || value.isEmpty()) {
        continue;
      }
      String path = names.get(name);
      if (path == null) {
        throw new ConfigException("unknown environment variable " + name + closest(name, names.keySet())
            + " (every option has one: SWITCHBOARD_ and its path in capitals, http.port as SWITCHBOARD_HTTP_PORT;"
            + " run --help lists them)");
      }
      set(tree, path, ENVIRONMENT.containsKey(name) || valueAt(defaults, path) instanceof String ? value : scalar(value));
    }
  }

  static final String ENV_PREFIX = "SWITCHBOARD_";
  /** The variable that names the configuration file, not an option. */
  static final String CONFIG_VARIABLE = "SWITCHBOARD_CONFIG";

  /**
   * Every environment variable a node reads, and the option it sets: {@code SWITCHBOARD_} and the
   * option's path in capitals, a capital inside a name starting a word ({@code limits.maxMessageBytes}
   * is {@code SWITCHBOARD_LIMITS_MAX_MESSAGE_BYTES}), for every option of the defaults; and the
   * short names of {@link #ENVIRONMENT}.
   */
  public static Map<String, String> environmentNames() {
    Map<String, String> names = new java.util.TreeMap<>();
    for (String path : optionPaths(defaults(), "")) {
      names.put(envName(path), path);
    }
    names.putAll(ENVIRONMENT);
    return names;
  }

  /** The variable of the option at {@code path}. */
  static String envName(String path) {
    return ENV_PREFIX + path.replace('.', '_').replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
  }

  /** The paths of every option of {@code tree}: its leaves, a list being one option. */
  static List<String> optionPaths(JsonObject tree, String prefix) {
    List<String> out = new java.util.ArrayList<>();
    for (String key : tree.fieldNames()) {
      Object value = tree.getValue(key);
      if (value instanceof JsonObject section) {
        out.addAll(optionPaths(section, prefix + key + "."));
      } else {
        out.add(prefix + key);
      }
    }
    return out;
  }

  /** The value at {@code path} of {@code tree}, null when absent. */
  static Object valueAt(JsonObject tree, String path) {
    Object node = tree;
    for (String part : path.split("\\.")) {
      node = node instanceof JsonObject o ? o.getValue(part) : null;
    }
    return node;
  }

  /** "; did you mean X?" for the known name nearest to {@code name}, when one is near. */
  private static String closest(String name, java.util.Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(name, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, name.length() / 4) ? "; did you mean " + best + "?" : "";
  }

  /** Levenshtein's edit distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
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
