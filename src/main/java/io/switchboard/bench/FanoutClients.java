package io.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The clients of a one-channel fan-out, shared by {@code fanout}, {@code cross-node} and
 * {@code storm}: S subscribers (each with a {@link SubscriberLedger}) and P publishers, connected
 * and subscribed, and measured publishing windows over them. Every wait is bounded.
 */
final class FanoutClients implements AutoCloseable {

  private final LoadClient client;
  private final int subscribers;
  private final int publishers;
  private final String channel;
  private final Traffic traffic;
  private final LoadClient.Connected subs;
  private final LoadClient.Connected pubs;
  private final boolean allSubscribed;
  private long arrivalsAtWindowStart;

  private FanoutClients(LoadClient client, int subscribers, int publishers, String channel, Traffic traffic,
      LoadClient.Connected subs, LoadClient.Connected pubs, boolean allSubscribed) {
    this.client = client;
    this.traffic = traffic;
    this.subscribers = subscribers;
    this.publishers = publishers;
    this.channel = channel;
    this.subs = subs;
    this.pubs = pubs;
    this.allSubscribed = allSubscribed;
  }

  /**
   * Connects the subscribers to {@code subUrl} and subscribes them to {@code channel}, then connects
   * the publishers to {@code pubUrl}. Puts {@code connect_s}, {@code subscribe_s} and
   * {@code subscribed} into {@code r}, and the first connect failures into its details.
   */
  static FanoutClients open(LoadClient c, LoopbackUrl subUrl, LoopbackUrl pubUrl, int subscribers, int publishers,
      String channel, Scenario.Ramp ramp, RoundResult r) throws InterruptedException {
    LoadClient.Connected subs = c.connectAll(subUrl, subscribers, i -> "bench-sub-" + i,
        ramp.perSecond(), ramp.inFlight(), ramp.timeoutSeconds());
    r.put("connect_s", subs.seconds());
    Traffic traffic = new Traffic();
    for (BenchSocket s : subs.sockets()) {
      s.attachment = new SubscriberLedger();
      s.listener(traffic.receiver());
    }
    long t0 = System.nanoTime();
    boolean allSubscribed = traffic.subscribeAll(subs.sockets(), s -> channel, ramp.timeoutSeconds());
    r.put("subscribe_s", (System.nanoTime() - t0) / 1e9);
    r.put("subscribed", traffic.subscribedCount());
    LoadClient.Connected pubs = c.connectAll(pubUrl, publishers, i -> "bench-pub-" + i,
        ramp.perSecond(), ramp.inFlight(), ramp.timeoutSeconds());
    for (BenchSocket s : pubs.sockets()) {
      s.listener(traffic.receiver());
    }
    if (!subs.firstFailures().isEmpty() || !pubs.firstFailures().isEmpty()) {
      r.details().put("connect_failures", subs.firstFailures().toString() + pubs.firstFailures());
    }
    return new FanoutClients(c, subscribers, publishers, channel, traffic, subs, pubs, allSubscribed);
  }

  /**
   * True when every connection opened and every subscriber subscribed; otherwise marks {@code r}
   * as failed, with the client's failure counters.
   */
  boolean ready(RoundResult r) {
    if (allSubscribed && pubs.sockets().size() == publishers && subs.sockets().size() == subscribers) {
      return true;
    }
    r.details().put("ok", false).put("why", "not every connection opened and subscribed in time");
    Scenario.failures(r, client);
    return false;
  }

  /** Publishes {@code seconds} of unaccounted traffic at {@code rate} messages/s in all, then pauses 0.5 s. */
  void warmUp(double rate, double seconds) throws InterruptedException {
    if (seconds <= 0) {
      return;
    }
    double perPub = rate / publishers;
    List<Traffic.Publisher> warm = new ArrayList<>();
    for (BenchSocket p : pubs.sockets()) {
      warm.add(new Traffic.Publisher(p, Traffic.WARMUP_BASE + p.index(), channel, perPub, (long) (perPub * seconds)));
    }
    traffic.publish(warm, 5, seconds + 10);
    Thread.sleep(500);
  }

  /** Starts a measured window: every subscriber gets a fresh ledger, the latency histogram is cleared. */
  void startWindow() {
    for (BenchSocket s : subs.sockets()) {
      s.attachment = new SubscriberLedger();
    }
    arrivalsAtWindowStart = traffic.arrivals();
    traffic.resetLatency();
  }

  /**
   * Publishes open-loop at {@code rate} messages/s in all for {@code seconds}, publisher {@code i}
   * with the id {@code firstId + i} (distinct ids per window keep a late arrival out of the next
   * window's accounting). Returns what each publisher sent.
   */
  Map<Long, Long> publish(long firstId, double rate, double seconds) throws InterruptedException {
    double perPub = rate / publishers;
    long perPubTotal = Math.max(1, (long) (perPub * seconds));
    List<Traffic.Publisher> list = new ArrayList<>();
    for (BenchSocket p : pubs.sockets()) {
      list.add(new Traffic.Publisher(p, firstId + p.index(), channel, perPub, perPubTotal));
    }
    return traffic.publish(list, 5, seconds + 30);
  }

  /** Total of what the publishers sent. */
  static long total(Map<Long, Long> sent) {
    return sent.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Waits (at most {@code seconds}) until every subscriber received what was sent in this window. */
  boolean drain(Map<Long, Long> sent, double seconds) throws InterruptedException {
    return traffic.drain(arrivalsAtWindowStart + total(sent) * subs.sockets().size(), seconds);
  }

  /** Deliveries of this window against what was sent. */
  DeliveryTotals totals(Map<Long, Long> sent) {
    List<SubscriberLedger> ledgers = subs.sockets().stream().map(s -> (SubscriberLedger) s.attachment).toList();
    return DeliveryTotals.of(ledgers, l -> sent);
  }

  /** Accounted arrivals in this window. */
  long arrivals() {
    return traffic.arrivals() - arrivalsAtWindowStart;
  }

  /** The traffic accounting (latency of this window). */
  Traffic traffic() {
    return traffic;
  }

  /** Closes subscribers, then publishers (each bounded). */
  @Override
  public void close() {
    client.closeAll(subs.sockets(), 10);
    client.closeAll(pubs.sockets(), 10);
  }
}
