package io.switchboard.testing;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Dockerfile gives a container, read from the file itself: its {@code ENV} variables, its
 * {@code EXPOSE}d ports and its exec-form {@code ENTRYPOINT}. Tests run the entrypoint as the
 * container would (no Docker engine is needed to hold the image's promises against a real node).
 */
public record DockerImage(Map<String, String> env, List<Integer> exposed, List<String> entrypoint) {

  public static DockerImage read(Path dockerfile) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    List<Integer> exposed = new ArrayList<>();
    List<String> entrypoint = List.of();
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(dockerfile)) {
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
      } else {
        instructions.add(current.append(line).toString().strip());
        current.setLength(0);
      }
    }
    for (String instruction : instructions) {
      String[] parts = instruction.split("\\s+", 2);
      switch (parts[0]) {
        case "ENV" -> {
          for (String pair : parts[1].trim().split("\\s+")) {
            String[] kv = pair.split("=", 2);
            env.put(kv[0], kv[1]);
          }
        }
        case "EXPOSE" -> {
          for (String port : parts[1].trim().split("\\s+")) {
            exposed.add(Integer.parseInt(port));
          }
        }
        case "ENTRYPOINT" -> entrypoint = new JsonArray(parts[1]).stream().map(String.class::cast).toList();
        default -> { }
      }
    }
    return new DockerImage(env, exposed, entrypoint);
  }
}
