package io.switchboard.ops;

import io.switchboard.auth.TokenMinter;
import io.switchboard.cluster.KeyFingerprint;
import io.switchboard.config.ConfigException;
import io.switchboard.config.Durations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The command line: {@code switchboard [run] [options]} starts a node; {@code switchboard token}
 * mints a token with the configured secret; {@code switchboard bench} runs the benchmark tool.
 */
@Command(name = "switchboard", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    subcommands = {Main.Run.class, Main.Token.class, io.switchboard.bench.BenchCommand.class},
    footer = {"", "Without a command, run: 'switchboard --http-port 8081' starts a node. 'switchboard run --help' lists"
        + " every configuration option with its environment variable."},
    description = "A clustered real-time WebSocket gateway.")
public final class Main {
  /** {@code --version}: the build's version, from the jar's manifest (the pom's). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"Switchboard " + Node.version()};
    }
  }

  static {
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", ShutdownLogManager.class.getName());
    }
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n");
    }
  }

  private static final Logger LOG = Logger.getLogger(Main.class.getName());
  /**
   * How long leaving the cluster may take after the drain: with the default drain (10 s), below the
   * grace period of the StatefulSet in k8s/ (45 s), so that a stuck stop still ends on its own.
   */
  private static final long STOP_TIMEOUT_SECONDS = 20;
  /** Hazelcast's INFO lines are many; the node logs the cluster's members itself. Held: JUL keeps loggers weakly. */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
  /** Warns at every start that the CP subsystem, which Switchboard does not use, is off. */
  private static final Logger CP_SUBSYSTEM_LOG = Logger.getLogger("com.hazelcast.cp.CPSubsystem");
  /**
   * Hazelcast warns, several lines at a time, about every member that leaves: connections refused,
   * the member suspected, a new master accepted. The node logs each cluster change in one line of
   * its own ({@link io.switchboard.cluster.ClusterMembership}); these keep only their errors.
   */
  private static final List<Logger> MEMBER_CHANGE_LOGS = List.of(
      Logger.getLogger("com.hazelcast.internal.server.tcp.TcpServerConnectionErrorHandler"),
      Logger.getLogger("com.hazelcast.internal.server.tcp.TcpServerConnection"),
      Logger.getLogger("com.hazelcast.internal.cluster.impl.MembershipManager"),
      Logger.getLogger("com.hazelcast.internal.cluster.ClusterService"),
      // "partition N has no owner" while the node itself is leaving
      Logger.getLogger("com.hazelcast.map.impl.LocalMapStatsProvider"));

  static {
    HAZELCAST_LOG.setLevel(Level.WARNING);
    CP_SUBSYSTEM_LOG.setLevel(Level.SEVERE);
    MEMBER_CHANGE_LOGS.forEach(log -> log.setLevel(Level.SEVERE));
  }

  public static void main(String[] args) {
    ensureAsyncCompletionThreads();
    if (args.length > 0 && args[0].equals("bench")) {
      System.exit(io.switchboard.bench.BenchCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
    }
    List<String> argv = new ArrayList<>(List.of(args));
    if (argv.isEmpty() || argv.get(0).startsWith("--") && !argv.get(0).equals("--help") && !argv.get(0).equals("--version")) {
      argv.add(0, "run");
    }
    // an exit rather than a return: a node stopped by the API's drain leaves no thread behind
    // that must end first
    CommandLine commandLine = new CommandLine(new Main());
    // one line per option: wider than picocli's 80 columns, which would fold them
    commandLine.getSubcommands().get("run").getCommandSpec().usageMessage().width(OptionsHelp.WIDTH)
        .footer(OptionsHelp.footer());
    System.exit(commandLine.execute(argv.toArray(new String[0])));
  }

  /** The property that sizes {@link java.util.concurrent.ForkJoinPool#commonPool()}. */
  static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  /**
   * Hazelcast completes every asynchronous call (an append, a history read, a presence change)
   * through the common fork-join pool, and when that pool's parallelism is 1, as it is on a 2-core
   * machine (cores minus one), it starts a new thread for each completion instead: measured, most
   * of the 0.8 ms of CPU a stored publication cost (BENCHMARKS §5.6). So on such a machine the
   * pool gets two threads, before anything starts it; a value the operator set wins.
   */
  static void ensureAsyncCompletionThreads() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
  }

  /** Options shared by the commands that read the configuration. */
  static class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (default: built-in defaults, see conf/switchboard.yaml)")
    Path config;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "override one option, e.g. --set limits.maxMessageBytes=131072")
    List<String> overrides = new ArrayList<>();

    SwitchboardConfig load(Integer port, String host) {
      return load(port, host, null);
    }

    SwitchboardConfig load(Integer port, String host, Integer apiPort) {
      List<String> all = new ArrayList<>(overrides);
      if (apiPort != null) {
        all.add("api.port=" + apiPort);
      }
      if (port != null) {
        all.add("http.port=" + port);
      }
      if (host != null) {
        all.add("http.host=" + host);
      }
      Path file = config;
      if (file == null && System.getenv("SWITCHBOARD_CONFIG") != null) {
        file = Path.of(System.getenv("SWITCHBOARD_CONFIG"));
      }
      return SwitchboardConfig.fromJson(ConfigLoader.load(file, System.getenv(), all));
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
      description = "Start a node (the default command).")
  static final class Run implements Callable<Integer> {
    @CommandLine.Mixin
    ConfigOptions options = new ConfigOptions();

    @Option(names = "--http-port", description = "listen port (env SWITCHBOARD_HTTP_PORT)")
    Integer port;

    @Option(names = "--http-host", description = "listen address (env SWITCHBOARD_HTTP_HOST)")
    String host;

    @Option(names = "--api-port", description = "API listener port; default: the listen port + 1000 (env SWITCHBOARD_API_PORT)")
    Integer apiPort;

    @Override
    public Integer call() throws Exception {
      SwitchboardConfig config;
      try {
        config = options.load(port, host, apiPort);
      } catch (ConfigException e) {
        System.err.println("switchboard: configuration error: " + e.getMessage());
        return 2;
      }
      config.log().apply();
      boolean dev = !config.auth().hasKey();
      KeyFingerprint key = KeyFingerprint.of(config.auth()); // before dev mode makes up a secret
      SwitchboardConfig effective = DevMode.apply(config);
      Node node;
      try {
        node = Node.start(effective, key).toCompletionStage().toCompletableFuture().get();
      } catch (Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        System.err.println("switchboard: cannot start: " + cause.getMessage());
        LOG.log(Level.FINE, "start failure", cause);
        return 1;
      }
      String host = effective.http().host();
      LOG.info("Switchboard node " + node.id() + " listening on ws://" + host + ":" + node.port()
          + effective.http().path() + " with " + node.stats().loops() + " event loops; API on http://"
          + effective.api().host() + ":" + node.apiPort() + "/api/ (" + (effective.api().keys().isEmpty()
              ? "no api.keys: every call is refused" : effective.api().keys().size() + " key(s)") + ")"
          + (node.tcpBridgePort() < 0 ? "" : "; TCP event-bus bridge on " + effective.tcpBridge().host() + ":"
              + node.tcpBridgePort()));
      if (dev) {
        LOG.warning("DEV MODE: no auth.jwt.secret or publicKey configured; loopback only, tokens signed with this"
            + " machine's dev secret (" + DevSecret.directory().resolve(DevSecret.FILE) + "). Set SWITCHBOARD_JWT_SECRET"
            + " for real use.");
        String token = TokenMinter.create(node.vertx(), effective.auth()).mint("dev", Duration.ofHours(1), Map.of());
        System.out.println(DevMode.banner(host, node.port(), effective.http().path(), token, node.apiPort(),
            DevMode.devApiKey(effective)));
      }
      Duration drain = effective.drain().period();
      Thread onSignal = new Thread(() -> {
        LOG.info("SIGTERM: draining over " + drain.toMillis() + " ms, then leaving the cluster");
        awaitStop(node.shutdown(drain), drain);
      }, "switchboard-shutdown");
      Runtime.getRuntime().addShutdownHook(onSignal);
      // the API's drain stops the node without a signal: the process then ends on its own
      node.terminated().toCompletionStage().toCompletableFuture().handle((v, err) -> null).get();
      try {
        Runtime.getRuntime().removeShutdownHook(onSignal);
        LOG.info("Stopped after a drain: sockets closed, presence removed, left the cluster");
      } catch (IllegalStateException shuttingDown) {
        onSignal.join(); // a signal came: its hook reports the stop
      }
      return 0;
    }

    /** Waits for a stop, within the drain and {@link #STOP_TIMEOUT_SECONDS} more, and reports it. */
    private static void awaitStop(Future<Void> stop, Duration drain) {
      long start = System.nanoTime();
      long limit = drain.toSeconds() + STOP_TIMEOUT_SECONDS;
      try {
        stop.toCompletionStage().toCompletableFuture().get(limit, TimeUnit.SECONDS);
        LOG.info("Stopped: sockets closed, presence removed, left the cluster in "
            + (System.nanoTime() - start) / 1_000_000 + " ms");
      } catch (Exception e) {
        LOG.log(Level.WARNING, "unclean stop (gave up after " + limit + " s)", e);
      }
    }
  }

  @Command(name = "token", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
      description = "Mint an HS256 token with the configured secret (in dev mode: this machine's dev secret).")
  static final class Token implements Callable<Integer> {
    @CommandLine.Mixin
    ConfigOptions options = new ConfigOptions();

    @Option(names = "--sub", required = true, description = "the user id (JWT sub)")
    String sub;

    @Option(names = "--ttl", defaultValue = "1h", description = "lifetime: 30m, 1h, 7d ... (default ${DEFAULT-VALUE})")
    String ttl;

    @Option(names = "--claim", paramLabel = "NAME=VALUE", description = "an extra claim, repeatable")
    List<String> claims = new ArrayList<>();

    @Override
    public Integer call() {
      Vertx vertx = Vertx.vertx();
      try {
        SwitchboardConfig config = options.load(null, null);
        if (!config.auth().hasKey()) {
          config = DevMode.apply(config); // the dev nodes' secret: the token works on each of them
          System.err.println("switchboard token: dev mode (no key configured): signed with this machine's dev secret,"
              + " accepted by every dev-mode node of this user here");
        }
        Duration lifetime = Durations.parse("--ttl", ttl);
        Map<String, Object> extra = new LinkedHashMap<>();
        for (String c : claims) {
          int eq = c.indexOf('=');
          if (eq <= 0) {
            throw new ConfigException("--claim expects NAME=VALUE, got '" + c + "'");
          }
          extra.put(c.substring(0, eq), c.substring(eq + 1));
        }
        System.out.println(TokenMinter.create(vertx, config.auth()).mint(sub, lifetime, extra));
        return 0;
      } catch (ConfigException e) {
        System.err.println("switchboard token: " + e.getMessage());
        return 2;
      } finally {
        vertx.close();
      }
    }
  }
}
