package io.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario for a number of rounds against one target, or alternately against two: the
 * gateway and the ceiling ({@code --compare-ceiling}), or the gateway and another running server
 * ({@code --compare-url}), in ABBA order (A B, B A, A B… so that drift does not favour one side),
 * then prints the table and the JSON object.
 */
public final class Runner {

  private Runner() {}

  /**
   * Runs and reports.
   *
   * @return 0 when every round completed and passed its own checks, 1 otherwise
   */
  public static int run(Scenario scenario, CommonOptions o, PrintStream out) throws Exception {
    int maxConns = o.maxConnections;
    if (scenario.connections() > maxConns) {
      throw new IllegalArgumentException(scenario.connections() + " connections exceed --max-connections "
          + maxConns + " for one process (file descriptor limit): split the load over several processes");
    }
    Target gateway = o.target(o.label, o.url, o.pubUrl, o.statsUrl, o.serverPids);
    Map<String, List<RoundResult>> byTarget = new LinkedHashMap<>();
    byTarget.put(gateway.label(), new ArrayList<>());
    List<CeilingProcess> ceilingProcesses = new ArrayList<>();
    boolean allOk = true;
    try {
      Target other = null;
      if (o.compareCeiling && o.ceilingUrl == null) {
        other = startCeiling(scenario.nodes(), o, ceilingProcesses, out);
      } else if (o.ceilingUrl != null) {
        String label = o.compareLabel != null ? o.compareLabel : o.compareCeiling ? "ceiling" : "compare";
        other = o.target(label, o.ceilingUrl, o.ceilingPubUrl == null ? o.ceilingUrl : o.ceilingPubUrl, null,
            o.ceilingPids);
      }
      if (other != null) {
        if (byTarget.containsKey(other.label())) {
          throw new IllegalArgumentException("both servers are labelled " + other.label() + ": give --label or --compare-label");
        }
        byTarget.put(other.label(), new ArrayList<>());
      }
      int rounds = o.rounds > 0 ? o.rounds : (other != null ? 3 : 1);
      for (int round = 0; round < rounds; round++) {
        List<Target> order = new ArrayList<>();
        order.add(gateway);
        if (other != null) {
          if (round % 2 == 0) {
            order.add(other);
          } else {
            order.add(0, other);
          }
        }
        for (Target t : order) {
          out.println("-- round " + (round + 1) + "/" + rounds + " " + scenario.name() + " on " + t.label() + " " + t.url());
          RoundResult r = runOne(scenario, t, o);
          if (!r.details().getBoolean("ok", true)) {
            allOk = false;
            out.println("   round not clean: " + r.details().encode());
          }
          byTarget.get(t.label()).add(r);
          Thread.sleep((long) (o.pauseSeconds * 1000));
        }
      }
    } finally {
      for (CeilingProcess p : ceilingProcesses) {
        p.close();
        out.println("stopped ceiling pid=" + p.pid());
      }
    }
    JsonObject params = scenario.params().copy().put("rounds", byTarget.get(gateway.label()).size());
    Report.table(out, scenario.name(), params, byTarget);
    JsonObject json = Report.json(scenario.name(), params, byTarget);
    json.put("machine", machine());
    out.println(json.encode());
    if (o.jsonFile != null) {
      Files.writeString(Path.of(o.jsonFile), json.encodePrettily());
    }
    return allOk ? 0 : 1;
  }

  /**
   * Starts the ceiling as {@code nodes} processes on consecutive ports from {@code --ceiling-port};
   * two or more form one cluster of their own (a unique name) and are waited for until each sees
   * all. Subscribers go to the first, publishers to the second.
   */
  private static Target startCeiling(int nodes, CommonOptions o, List<CeilingProcess> started, PrintStream out)
      throws IOException, InterruptedException {
    String cluster = nodes > 1 ? "ceiling-" + ProcessHandle.current().pid() + "-" + System.nanoTime() : null;
    List<Long> pids = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      CeilingProcess p = CeilingProcess.start("127.0.0.1", o.ceilingPort + i, o.ceilingInstances, o.ceilingJvmOptions,
          cluster);
      started.add(p);
      pids.add(p.pid());
      out.println("started ceiling pid=" + p.pid() + " port=" + (o.ceilingPort + i)
          + (cluster == null ? "" : " cluster=" + cluster) + " log=" + p.log());
    }
    for (CeilingProcess p : started) {
      p.awaitMembers(nodes, 60);
    }
    String sub = "ws://127.0.0.1:" + o.ceilingPort + "/ws";
    String pub = "ws://127.0.0.1:" + (o.ceilingPort + nodes - 1) + "/ws";
    // the ceiling serves /stats on its WebSocket port
    return o.target("ceiling", sub, pub, "http://127.0.0.1:" + o.ceilingPort + "/stats", pids);
  }

  private static RoundResult runOne(Scenario scenario, Target t, CommonOptions o) {
    try (LoadClient client = new LoadClient(o.secret, o.clientThreads, scenario.spreadSources())) {
      return scenario.run(t, client, new Scenario.Ramp(o.ramp, o.inFlight, o.timeoutSeconds));
    } catch (Exception | AssertionError e) {
      RoundResult r = new RoundResult(t.label());
      r.details().put("ok", false).put("error", String.valueOf(e));
      return r;
    }
  }

  private static JsonObject machine() {
    JsonObject m = new JsonObject()
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("java", System.getProperty("java.version"))
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          m.put("cpu", line.substring(line.indexOf(':') + 1).trim());
          break;
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return m;
  }
}
