package io.switchboard.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by every scenario (a picocli mixin). */
public final class CommonOptions {

  @Option(names = "--url", required = true, description = "gateway WebSocket URL (loopback only), e.g. ws://127.0.0.1:8080/ws")
  String url;

  @Option(names = "--pub-url", description = "URL for publishers (another node); default: --url")
  String pubUrl;

  @Option(names = "--secret", required = true, description = "HS256 secret the gateway validates tokens with")
  String secret;

  @Option(names = "--server-pid", split = ",", description = "gateway PID(s) whose CPU and RSS are read from /proc")
  List<Long> serverPids = new ArrayList<>();

  @Option(names = "--stats-url", description = "gateway stats URL; default http://<url host>:<url port + 1000>/stats (the API port)")
  String statsUrl;

  @Option(names = "--json", description = "also write the JSON report to this file")
  String jsonFile;

  @Option(names = "--label", defaultValue = "gateway", description = "label of the --url target (default ${DEFAULT-VALUE})")
  String label;

  @Option(names = "--rounds", defaultValue = "0", description = "rounds per target (default 1, or 3 with a second server)")
  int rounds;

  @Option(names = "--compare-ceiling", description = "also run against the ceiling, alternating, and report ratios")
  boolean compareCeiling;

  @Option(names = {"--ceiling-url", "--compare-url"},
      description = "an already running second server: the ceiling (with --compare-ceiling, instead of starting one)"
          + " or any other, e.g. the gateway with another config; runs alternate and ratios are reported")
  String ceilingUrl;

  @Option(names = {"--ceiling-pub-url", "--compare-pub-url"},
      description = "publishers' node of the server given by --ceiling-url (cross-node)")
  String ceilingPubUrl;

  @Option(names = {"--ceiling-pid", "--compare-pid"}, split = ",", description = "PID(s) of the server given by --ceiling-url")
  List<Long> ceilingPids = new ArrayList<>();

  @Option(names = "--compare-label",
      description = "label of the second server (default: ceiling with --compare-ceiling, else compare)")
  String compareLabel;

  @Option(names = "--ceiling-port", defaultValue = "8090", description = "port of the ceiling started by the tool (default ${DEFAULT-VALUE})")
  int ceilingPort;

  @Option(names = "--ceiling-instances", defaultValue = "0", description = "ceiling event loops; 0 = one per core")
  int ceilingInstances;

  @Option(names = "--ceiling-jvm-opt", description = "JVM option for the ceiling process (repeatable)")
  List<String> ceilingJvmOptions = new ArrayList<>();

  @Option(names = "--ramp", defaultValue = "2000", description = "connections opened per second (default ${DEFAULT-VALUE})")
  double ramp;

  @Option(names = "--in-flight", defaultValue = "256", description = "handshakes in flight at most (default ${DEFAULT-VALUE})")
  int inFlight;

  @Option(names = "--timeout", defaultValue = "120", description = "bound in seconds on connecting and on subscribing (default ${DEFAULT-VALUE})")
  double timeoutSeconds;

  @Option(names = "--client-threads", defaultValue = "2", description = "load generator event loops (default ${DEFAULT-VALUE})")
  int clientThreads;

  @Option(names = "--pause", defaultValue = "2", description = "seconds between runs (default ${DEFAULT-VALUE})")
  double pauseSeconds;

  @Option(names = "--max-connections", defaultValue = "19000",
      description = "refuse runs holding more connections in this process (descriptor limit ~20000; default ${DEFAULT-VALUE})")
  int maxConnections;

  /** Builds a target, validating that every address is loopback. */
  Target target(String label, String wsUrl, String pubWsUrl, String stats, List<Long> pids) {
    LoopbackUrl u = LoopbackUrl.parse(wsUrl);
    LoopbackUrl p = pubWsUrl == null ? u : LoopbackUrl.parse(pubWsUrl);
    URI s = URI.create(stats == null ? u.statsUrl() : stats);
    if (s.getHost() == null || !LoopbackUrl.isLoopback(s.getHost())) {
      throw new IllegalArgumentException("refusing non-loopback stats URL " + s);
    }
    String host = s.getHost().startsWith("[") ? s.getHost().substring(1, s.getHost().length() - 1) : s.getHost();
    return new Target(label, u, p, host, s.getPort() < 0 ? 80 : s.getPort(), s.getRawPath(), List.copyOf(pids));
  }
}
