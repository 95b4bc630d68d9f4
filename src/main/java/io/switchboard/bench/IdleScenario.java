package io.switchboard.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * {@code idle}: N connections held open for a while. Reports server RSS per connection, server CPU
 * per connection-second while idle (heartbeats), and the {@code ping}/{@code pong} round trip with
 * each connection pinging once per interval, spread evenly. With {@code --subscribe} each connection
 * subscribes to its own channel once all are connected, and the round also reports the storm: from
 * the first connection to the last {@code subscribed}, and the CPU the node (and each
 * {@code --peer-pid}, the cluster's other nodes) spent in that time. With {@code --cluster-ports}
 * (every node's HTTP port) it reports the cluster's Hazelcast map operations per connection, per
 * subscription and per connection-minute held.
 */
public final class IdleScenario implements Scenario {

  private final int connections;
  private final double holdSeconds;
  private final double pingInterval;
  private final boolean subscribe;
  private final List<Long> peerPids;
  private final ClusterCounter hazelcastOps;
  private final String prefix;

  /** See the command-line options of {@code idle}. */
  public IdleScenario(int connections, double holdSeconds, double pingInterval, boolean subscribe, String prefix,
      List<Long> peerPids, List<Integer> clusterPorts) {
    this.prefix = prefix;
    this.hazelcastOps = new ClusterCounter("switchboard_hazelcast_map_operations_total", clusterPorts);
    this.connections = connections;
    this.holdSeconds = holdSeconds;
    this.pingInterval = pingInterval;
    this.subscribe = subscribe;
    this.peerPids = List.copyOf(peerPids);
  }

  @Override
  public String name() {
    return "idle";
  }

  @Override
  public JsonObject params() {
    return new JsonObject().put("connections", connections).put("hold", holdSeconds)
        .put("ping_interval", pingInterval).put("subscribe", subscribe).put("prefix", prefix).put("peer_pids", new JsonArray(peerPids));
  }

  @Override
  public int connections() {
    return connections;
  }

  @Override
  public RoundResult run(Target t, LoadClient c, Ramp ramp) throws Exception {
    RoundResult r = new RoundResult(t.label());
    ProcStats.Sample before = t.probe();
    List<ProcStats.Sample> peersBefore = peerPids.stream().map(ProcStats::read).toList();
    double opsStart = hazelcastOps.isEmpty() ? 0 : hazelcastOps.read(c);
    long stormStart = System.nanoTime();
    LoadClient.Connected conns = c.connectAll(t.url(), connections, i -> "bench-idle-" + i, ramp);
    double opsConnected = hazelcastOps.isEmpty() ? 0 : hazelcastOps.read(c);
    r.put("connect_s", conns.seconds());
    r.put("connected", conns.sockets().size());
    List<BenchSocket> all = conns.sockets();
    try {
      if (all.size() < connections) {
        return Scenario.failed(r, c, "connections failed: " + conns.firstFailures());
      }
      Recorder rtt = new Recorder(3);
      LongAdder pongs = new LongAdder();
      Traffic subs = new Traffic();
      BenchSocket.Listener sub = subs.receiver();
      for (BenchSocket s : all) {
        s.listener((sock, type, f, now) -> {
          if (type.equals("pong")) {
            rtt.recordValue(Math.max(0, now - sock.mark));
            pongs.increment();
          } else {
            sub.onFrame(sock, type, f, now);
          }
        });
      }
      if (subscribe && !subs.subscribeAll(all, s -> prefix + s.index(), ramp.timeoutSeconds())) {
        return Scenario.failed(r, c, "only " + subs.subscribedCount() + " subscribed");
      }
      if (subscribe) {
        storm(r, t, before, peersBefore, (System.nanoTime() - stormStart) / 1e9);
      }
      double opsSubscribed = hazelcastOps.isEmpty() ? 0 : hazelcastOps.read(c);
      Thread.sleep(1000);
      ProcStats.Sample connected = t.probe();
      Scenario.rssPerConnection(r, before, connected, connections);
      ProcStats.Sample selfStart = Scenario.self();
      long start = System.nanoTime();
      long end = start + (long) (holdSeconds * 1e9);
      long pings = 0;
      double perNano = connections / (pingInterval * 1e9);
      int next = 0;
      while (System.nanoTime() < end) {
        long due = (long) ((System.nanoTime() - start) * perNano);
        while (pings < due) {
          BenchSocket s = all.get(next);
          next = (next + 1) % all.size();
          s.mark = System.nanoTime();
          s.send("{\"type\":\"ping\"}");
          pings++;
        }
        Thread.sleep(10);
      }
      Thread.sleep(200);
      double held = (System.nanoTime() - start) / 1e9;
      if (!hazelcastOps.isEmpty()) {
        double opsHeld = hazelcastOps.read(c);
        r.put("hz_ops_per_connect", (opsConnected - opsStart) / connections);
        if (subscribe) {
          r.put("hz_ops_per_subscribe", (opsSubscribed - opsConnected) / connections);
        }
        r.put("hz_ops_per_conn_minute_idle", (opsHeld - opsSubscribed) / connections / held * 60);
      }
      ProcStats.Sample serverEnd = t.probe();
      ProcStats.Sample selfEnd = Scenario.self();
      r.put("pings", pings).put("pongs", pongs.sum());
      r.putLatency("ping_rtt", LatencySummary.ofNanos(rtt.getIntervalHistogram()));
      if (connected != null && serverEnd != null) {
        r.put("server_cpu_us_per_conn_s", (serverEnd.cpuMicros() - connected.cpuMicros()) / (double) connections / held);
      }
      r.put("client_cpu_us_per_conn_s", (selfEnd.cpuMicros() - selfStart.cpuMicros()) / (double) connections / held);
      Scenario.failures(r, c);
      r.details().put("ok", pongs.sum() == pings && c.counters().sumPrefix("unexpected_close_") == 0);
      return r;
    } finally {
      c.closeAll(all, 10);
    }
  }

  /** The storm's figures: its length, and the cores the node and each peer spent in it. */
  private void storm(RoundResult r, Target t, ProcStats.Sample before, List<ProcStats.Sample> peersBefore, double seconds) {
    r.put("all_subscribed_s", seconds);
    ProcStats.Sample after = t.probe();
    if (before != null && after != null) {
      r.put("storm_server_cores", (after.cpuMicros() - before.cpuMicros()) / 1e6 / seconds);
    }
    JsonArray peers = new JsonArray();
    double most = 0;
    for (int i = 0; i < peerPids.size(); i++) {
      double cores = (ProcStats.read(peerPids.get(i)).cpuMicros() - peersBefore.get(i).cpuMicros()) / 1e6 / seconds;
      peers.add(cores);
      most = Math.max(most, cores);
    }
    if (!peers.isEmpty()) {
      r.put("storm_peer_cores_max", most);
      r.details().put("storm_peer_cores", peers);
    }
  }
}
