package io.switchboard.ops;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The end of {@code run --help}: every configuration option, its environment variable and its
 * default, generated from the built-in defaults so that it cannot drift from them.
 */
final class OptionsHelp {
  /** A longer default is not shown (the lines stay within {@link #WIDTH}, unwrapped). */
  private static final int MAX_DEFAULT = 36;
  /** Defaults whose value says nothing by itself. */
  private static final Map<String, String> MEANINGS = Map.of(
      "api.port", "-1 (http.port + 1000)",
      "bridge.tcp.port", "-1 (off)",
      "http.instances", "0 (one per core)",
      "cluster.eventBusPort", "0 (a free port)");
  /** The help's width in columns: the longest option line fits. */
  static final int WIDTH = 130;

  private OptionsHelp() {}

  static String[] footer() {
    JsonObject defaults = ConfigLoader.defaults();
    List<String> lines = new ArrayList<>(List.of("",
        "Configuration options (what each does: conf/switchboard.yaml). Set one with --set PATH=VALUE, in a --config file,",
        "or with its environment variable; an unknown option or SWITCHBOARD_* variable stops the node, naming it.",
        "Layers: built-in defaults < --config file < environment < --set. SWITCHBOARD_CONFIG names the file.",
        "Short variables: " + String.join(", ", shortNames()),
        "",
        String.format("  %-37s %-52s %s", "OPTION", "ENVIRONMENT VARIABLE", "DEFAULT")));
    for (String path : ConfigLoader.optionPaths(defaults, "")) {
      String shown = MEANINGS.getOrDefault(path, shown(ConfigLoader.valueAt(defaults, path)));
      lines.add(String.format("  %-37s %-52s %s", path, ConfigLoader.envName(path), shown));
    }
    return lines.toArray(new String[0]);
  }

  private static List<String> shortNames() {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(ConfigLoader.ENVIRONMENT).entrySet()) {
      if (!e.getKey().equals(ConfigLoader.envName(e.getValue()))) {
        names.add(e.getKey() + " (" + e.getValue() + ")");
      }
    }
    return names;
  }

  private static String shown(Object value) {
    String text = value instanceof String s ? (s.isEmpty() ? "\"\"" : s) : String.valueOf(value);
    if (text.length() <= MAX_DEFAULT) {
      return text;
    }
    return value instanceof io.vertx.core.json.JsonArray ? "(a list: see conf/switchboard.yaml)" : "(see conf/switchboard.yaml)";
  }
}
