package io.switchboard.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code switchboard bench <scenario> …}: the benchmark tool's command line. {@link #run} is what the
 * gateway's Main calls for {@code bench}; {@link #main} runs it standalone
 * ({@code java -cp switchboard.jar io.switchboard.bench.BenchCommand fanout …}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Load the gateway (and the ceiling) over loopback and report latency, loss and server cost.",
    subcommands = {
        BenchCommand.Fanout.class, BenchCommand.CrossNode.class, BenchCommand.Channels.class,
        BenchCommand.JoinStorm.class, BenchCommand.Idle.class, BenchCommand.Reach.class, BenchCommand.BackendPublish.class, BenchCommand.Churn.class,
        BenchCommand.Storm.class, BenchCommand.Resume.class, BenchCommand.Rolling.class, BenchCommand.Ceiling.class})
public final class BenchCommand implements Callable<Integer> {

  /** Runs the tool and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the tool; returns the exit status (0 ok, 1 some round failed its checks, 2 usage). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new BenchCommand());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof IllegalArgumentException) {
        cmd.getErr().println("bench: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 2;
  }

  static PrintStream out() {
    return System.out;
  }

  /** {@code fanout}: one channel, S subscribers, R messages/s. */
  @Command(name = "fanout", mixinStandardHelpOptions = true, description = "one channel, S subscribers, R messages/s")
  static class Fanout implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--subscribers", defaultValue = "200") int subscribers;
    @Option(names = "--publishers", defaultValue = "1") int publishers;
    @Option(names = "--rate", defaultValue = "50", description = "messages/s in all publishers together") double rate;
    @Option(names = "--seconds", defaultValue = "5", description = "measured publishing time") double seconds;
    @Option(names = "--warmup", defaultValue = "2", description = "unmeasured publishing first, seconds") double warmup;
    @Option(names = "--channel", defaultValue = "bench:fanout") String channel;
    @Option(names = "--drain", defaultValue = "10", description = "seconds to wait for stragglers after the last send") double drain;
    @Option(names = "--pad", defaultValue = "0",
        description = "characters added to each publication's content (about 45 bytes without; default ${DEFAULT-VALUE})") int pad;

    boolean crossNode() {
      return false;
    }

    @Override
    public Integer call() throws Exception {
      return Runner.run(new FanoutScenario(crossNode(), subscribers, publishers, rate, seconds, warmup, channel, drain, pad),
          common, out());
    }
  }

  /** {@code cross-node}: subscribers on {@code --url}, publishers on {@code --pub-url}. */
  @Command(name = "cross-node", mixinStandardHelpOptions = true,
      description = "fanout with subscribers on --url and publishers on --pub-url (another node)")
  static class CrossNode extends Fanout {
    @Override
    boolean crossNode() {
      return true;
    }

    @Override
    public Integer call() throws Exception {
      if (common.pubUrl == null) {
        throw new CommandLine.ParameterException(new CommandLine(this), "cross-node needs --pub-url (the other node)");
      }
      return super.call();
    }
  }

  /** {@code channels}: many two-member channels, both members publishing. */
  @Command(name = "channels", mixinStandardHelpOptions = true, description = "many small channels, pairs talking")
  static class Channels implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--pairs", defaultValue = "500") int pairs;
    @Option(names = "--rate", defaultValue = "2", description = "messages/s per client") double rate;
    @Option(names = "--seconds", defaultValue = "5") double seconds;
    @Option(names = "--warmup", defaultValue = "2") double warmup;
    @Option(names = "--prefix", defaultValue = "bench:pair-") String prefix;
    @Option(names = "--drain", defaultValue = "10") double drain;

    @Override
    public Integer call() throws Exception {
      return Runner.run(new ChannelsScenario(pairs, rate, seconds, warmup, prefix, drain), common, out());
    }
  }

  /** {@code join-storm}: S clients subscribe to one channel at once. */
  @Command(name = "join-storm", mixinStandardHelpOptions = true,
      description = "S clients join one presence channel at once: time until all are acknowledged")
  static class JoinStorm implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--clients", defaultValue = "1000") int clients;
    @Option(names = "--channel", defaultValue = "bench-presence:storm",
        description = "a channel whose namespace has presence on in the gateway config") String channel;
    @Option(names = "--settle", defaultValue = "2", description = "seconds to keep counting presence frames after the last ack") double settle;

    @Override
    public Integer call() throws Exception {
      return Runner.run(new JoinStormScenario(clients, channel, settle), common, out());
    }
  }

  /** {@code idle}: N idle connections: RSS per connection, ping round trip. */
  @Command(name = "idle", mixinStandardHelpOptions = true, description = "N idle connections: RSS per connection, ping round trip")
  static class Idle implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--connections", defaultValue = "2000") int connections;
    @Option(names = "--hold", defaultValue = "10", description = "seconds to hold them") double hold;
    @Option(names = "--ping-interval", defaultValue = "5", description = "each connection pings once per this many seconds") double pingInterval;
    @Option(names = "--subscribe", description = "each connection subscribes to its own channel, --prefix and its number") boolean subscribe;
    @Option(names = "--prefix", defaultValue = "bench:idle-", description = "channel name prefix (default ${DEFAULT-VALUE}; bench-presence:… for presence)") String prefix;
    @Option(names = "--peer-pid", split = ",", description = "PIDs of the cluster's other nodes: their CPU during the subscribe storm")
    List<Long> peerPids = new ArrayList<>();
    @Option(names = "--cluster-ports", split = ",",
        description = "API ports (127.0.0.1, /metrics) of every node: Hazelcast map operations per connect, subscribe and idle minute")
    List<Integer> clusterPorts = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      return Runner.run(new IdleScenario(connections, hold, pingInterval, subscribe, prefix, peerPids, clusterPorts), common, out());
    }
  }

  /** {@code reach}: a direct message to every user and publications to a channel on every node. */
  @Command(name = "reach", mixinStandardHelpOptions = true,
      description = "N users each on its own channel and one shared channel; a backend sends each a direct message"
          + " and publishes on the shared channel; nothing may be lost or repeated")
  static class Reach implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--connections", defaultValue = "1000") int connections;
    @Option(names = "--user-prefix", defaultValue = "bench-reach-", description = "user ids: this prefix and a number") String userPrefix;
    @Option(names = "--shared-channel", defaultValue = "bench:reach-everyone") String sharedChannel;
    @Option(names = "--publish", defaultValue = "0", description = "messages this process's backend publishes on the shared channel") int publish;
    @Option(names = "--expect-shared", defaultValue = "0", description = "shared messages every client must get (all processes' --publish)") int expectShared;
    @Option(names = "--publish-after", defaultValue = "30", description = "seconds after subscribing") double publishAfter;
    @Option(names = "--hold", defaultValue = "60", description = "seconds after subscribing before counting") double hold;
    @Option(names = "--cluster-name", required = true, description = "the nodes' cluster.name (without the key's fingerprint)") String clusterName;
    @Option(names = "--cluster-members", required = true, description = "the nodes' Hazelcast addresses, host:port,…") String clusterMembers;
    @Option(names = "--backend-port", defaultValue = "5791", description = "the backend member's Hazelcast port") int backendPort;

    @Override
    public Integer call() throws Exception {
      return Runner.run(new ReachScenario(connections, userPrefix, sharedChannel, publish, expectShared, publishAfter,
          hold, common.secret, clusterName, clusterMembers, backendPort), common, out());
    }
  }

  /** {@code backend-publish}: a backend publishing through the HTTP API and on the event bus, side by side. */
  @Command(name = "backend-publish", mixinStandardHelpOptions = true,
      description = "S subscribers of one channel; a backend publishes R/s through the HTTP API and on the event bus"
          + " (a lite member), alternating: accepted publications/s, publish-to-deliver latency, loss, per path")
  static class BackendPublish implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--subscribers", defaultValue = "1000") int subscribers;
    @Option(names = "--rate", defaultValue = "1000", description = "publications/s") double rate;
    @Option(names = "--seconds", defaultValue = "10") double seconds;
    @Option(names = "--channel", defaultValue = "bench:backend") String channel;
    @Option(names = "--api-key", required = true, description = "one of the node's api.keys (the key part)") String apiKey;
    @Option(names = "--api-port", defaultValue = "0", description = "the node's API port; 0: its client port + 1000") int apiPort;
    @Option(names = "--max-in-flight", defaultValue = "1000", description = "unanswered publications at most") int maxInFlight;
    @Option(names = "--cluster-name", required = true, description = "the nodes' cluster.name (without the key's fingerprint)") String clusterName;
    @Option(names = "--cluster-members", required = true, description = "the nodes' Hazelcast addresses, host:port,…") String clusterMembers;
    @Option(names = "--backend-port", defaultValue = "5791", description = "the backend member's Hazelcast port") int backendPort;

    @Override
    public Integer call() throws Exception {
      BackendPublishScenario scenario = new BackendPublishScenario(subscribers, rate, seconds, channel, apiKey, apiPort,
          maxInFlight, common.secret, clusterName, clusterMembers, backendPort);
      try {
        return Runner.run(scenario, common, out());
      } finally {
        scenario.close();
      }
    }
  }

  /** {@code churn}: connect/subscribe/close loops; afterwards the server must be back to zero. */
  @Command(name = "churn", mixinStandardHelpOptions = true,
      description = "connect/subscribe/close loops, some abrupt; then every numeric /stats field must return to 0")
  static class Churn implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--workers", defaultValue = "50", description = "concurrent loops") int workers;
    @Option(names = "--loops", defaultValue = "20", description = "iterations per worker") int loops;
    @Option(names = "--abrupt", defaultValue = "0.3", description = "fraction closed without a close frame (TCP reset)") double abrupt;
    @Option(names = "--channels", defaultValue = "10", description = "shared channels the loops subscribe to") int channels;
    @Option(names = "--prefix", defaultValue = "bench-presence:churn-") String prefix;
    @Option(names = "--settle", defaultValue = "15", description = "seconds allowed for /stats to return to zero") double settle;

    @Override
    public Integer call() throws Exception {
      return Runner.run(new ChurnScenario(workers, loops, abrupt, channels, prefix, settle), common, out());
    }
  }

  /** {@code storm}: an expired-token handshake storm from another source address beside a fan-out. */
  @Command(name = "storm", mixinStandardHelpOptions = true,
      description = "handshakes with an expired token from --storm-source while S bystanders receive a fan-out:"
          + " the server's CPU spent on the storm and the bystanders' latency, without and with it")
  static class Storm implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--subscribers", defaultValue = "1000", description = "bystanders (default ${DEFAULT-VALUE})") int subscribers;
    @Option(names = "--rate", defaultValue = "50", description = "messages/s to the bystanders (default ${DEFAULT-VALUE})") double rate;
    @Option(names = "--baseline", defaultValue = "30", description = "seconds measured without the storm (default ${DEFAULT-VALUE})") double baseline;
    @Option(names = "--storm-rate", defaultValue = "300", description = "handshakes/s (default ${DEFAULT-VALUE})") double stormRate;
    @Option(names = "--storm-seconds", defaultValue = "30", description = "seconds of storm, measured (default ${DEFAULT-VALUE})") double stormSeconds;
    @Option(names = "--storm-source", defaultValue = "127.0.0.200",
        description = "source address of the storm, in 127.0.0.0/8, not the bystanders' 127.0.0.1 (default ${DEFAULT-VALUE})") String stormSource;
    @Option(names = "--storm-in-flight", defaultValue = "64", description = "storm handshakes pending at most (default ${DEFAULT-VALUE})") int stormInFlight;
    @Option(names = "--storm-timeout", defaultValue = "5", description = "seconds from connect to outcome, per handshake (default ${DEFAULT-VALUE})") double stormTimeout;
    @Option(names = "--warmup", defaultValue = "2", description = "unmeasured publishing first, seconds") double warmup;
    @Option(names = "--channel", defaultValue = "bench:storm") String channel;
    @Option(names = "--drain", defaultValue = "10", description = "seconds to wait for stragglers after each window") double drain;

    @Override
    public Integer call() throws Exception {
      HandshakeStorm.Plan storm = new HandshakeStorm.Plan(stormSource, stormRate, stormSeconds, stormInFlight, stormTimeout);
      return Runner.run(new StormScenario(subscribers, rate, baseline, storm, warmup, channel, drain), common, out());
    }
  }

  /** {@code resume}: subscribers of a history channel on two nodes dropped and resumed on the other node. */
  @Command(name = "resume", mixinStandardHelpOptions = true,
      description = "S subscribers of a history channel on --url and --pub-url while R msg/s are published (from --pub-url);"
          + " all are dropped and resume with 'since' on the other node: recovered, time to resume, nothing lost or repeated")
  static class Resume implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--subscribers", defaultValue = "1000", description = "default ${DEFAULT-VALUE}") int subscribers;
    @Option(names = "--rate", defaultValue = "200", description = "messages/s, the whole round (default ${DEFAULT-VALUE})") double rate;
    @Option(names = "--seconds", defaultValue = "15", description = "publishing time in all (default ${DEFAULT-VALUE})") double seconds;
    @Option(names = "--drop-after", defaultValue = "5", description = "seconds of publishing before the drop (default ${DEFAULT-VALUE})") double dropAfter;
    @Option(names = "--channel", defaultValue = "bench-history:resume",
        description = "a channel whose namespace keeps history, with maxRecover above what a drop misses (default ${DEFAULT-VALUE})") String channel;
    @Option(names = "--drain", defaultValue = "15", description = "seconds to wait to catch up, and for stragglers (default ${DEFAULT-VALUE})") double drain;

    @Override
    public Integer call() throws Exception {
      if (common.pubUrl == null) {
        throw new CommandLine.ParameterException(new CommandLine(this), "resume needs --pub-url (the other node)");
      }
      return Runner.run(new ResumeScenario(subscribers, rate, seconds, dropAfter, channel, drain), common, out());
    }
  }

  /** {@code rolling}: clients on every node, publishing into history channels, while the nodes restart. */
  @Command(name = "rolling", mixinStandardHelpOptions = true,
      description = "clients on every node (--url and --nodes) publish into history channels and follow them while the"
          + " nodes are restarted one after another; a closed socket reconnects to the next node and resumes")
  static class Rolling implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--nodes", split = ",", required = true,
        description = "the other nodes' WebSocket URLs, comma-separated (--url is the first)") List<String> others;
    @Option(names = "--clients", defaultValue = "300", description = "default ${DEFAULT-VALUE}") int clients;
    @Option(names = "--channels", defaultValue = "30", description = "history channels, client i in channel i mod n (default ${DEFAULT-VALUE})") int channels;
    @Option(names = "--rate", defaultValue = "100", description = "publications/s in all, through the clients in turn (default ${DEFAULT-VALUE})") double rate;
    @Option(names = "--seconds", defaultValue = "120", description = "publishing time at most (default ${DEFAULT-VALUE})") double seconds;
    @Option(names = "--stop-file", description = "publishing ends as soon as this file exists (the restarts are done)") java.nio.file.Path stopFile;
    @Option(names = "--channel-prefix", defaultValue = "bench-history:rolling-",
        description = "channel names, a namespace that keeps history (default ${DEFAULT-VALUE})") String prefix;
    @Option(names = "--drain", defaultValue = "20", description = "seconds to wait for every client to catch up (default ${DEFAULT-VALUE})") double drain;

    @Override
    public Integer call() throws Exception {
      List<LoopbackUrl> nodes = new ArrayList<>();
      nodes.add(LoopbackUrl.parse(common.url));
      others.forEach(u -> nodes.add(LoopbackUrl.parse(u)));
      return Runner.run(new RollingScenario(clients, channels, rate, seconds, prefix, nodes, stopFile, drain), common, out());
    }
  }

  /** {@code ceiling}: runs the ceiling server until killed. */
  @Command(name = "ceiling", mixinStandardHelpOptions = true, description = "run the ceiling server until killed")
  static class Ceiling implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1") String host;
    @Option(names = "--port", defaultValue = "8090") int port;
    @Option(names = "--instances", defaultValue = "0", description = "event loops; 0 = one per core") int instances;
    @Option(names = "--cluster", description = "join (or form) the ceiling cluster of this name, for cross-node") String cluster;

    @Override
    public Integer call() throws Exception {
      if (!LoopbackUrl.isLoopback(host)) {
        throw new CommandLine.ParameterException(new CommandLine(this), "the ceiling binds loopback addresses only");
      }
      CeilingServer server = CeilingServer.start(host, port, instances, cluster);
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        stop.countDown();
      }));
      System.out.println("ceiling pid=" + ProcessHandle.current().pid() + " url=ws://" + host + ":" + port
          + "/ws stats=http://" + host + ":" + port + "/stats instances=" + server.instances()
          + " native=" + server.nativeTransport() + (cluster == null ? "" : " cluster=" + cluster));
      System.out.flush();
      stop.await();
      return 0;
    }
  }
}
