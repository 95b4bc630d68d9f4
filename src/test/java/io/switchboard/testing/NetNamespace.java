package io.switchboard.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Linux network namespace this test makes for itself: a host of its own, reached from the test's
 * namespace through veth links, each a /30 of 10.213.x.y (private, and never routed anywhere else).
 * Needs root ({@code ip netns}); {@link #available()} tells. Closing deletes its links and the
 * namespace; the processes started in it must be stopped first (by PID).
 */
public final class NetNamespace implements AutoCloseable {
  private final String name;
  private final List<String> hostLinks = new ArrayList<>();

  private NetNamespace(String name) {
    this.name = name;
  }

  /** Whether this process may make network namespaces (root, iproute2 present). */
  public static boolean available() {
    String probe = "sbprobe" + UUID.randomUUID().toString().substring(0, 6);
    try {
      run("ip", "netns", "add", probe);
      run("ip", "netns", "del", probe);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** A new namespace with its loopback up. */
  public static NetNamespace create(String prefix) throws IOException {
    NetNamespace ns = new NetNamespace(prefix + UUID.randomUUID().toString().substring(0, 6));
    run("ip", "netns", "add", ns.name);
    run("ip", "-n", ns.name, "link", "set", "lo", "up");
    return ns;
  }

  public String name() {
    return name;
  }

  /**
   * A veth link from the test's namespace to this one: {@code hostAddress} on the test's side,
   * {@code innerAddress} inside, both of one /30 (e.g. 10.213.1.1 and 10.213.1.2).
   *
   * @return the name of the link's end on the test's side
   */
  public String link(String hostAddress, String innerAddress) throws IOException {
    String[] ends = veth();
    String host = ends[0];
    String inner = ends[1];
    hostLinks.add(host);
    run("ip", "link", "set", inner, "netns", name);
    run("ip", "addr", "add", hostAddress + "/30", "dev", host);
    run("ip", "link", "set", host, "up");
    run("ip", "-n", name, "addr", "add", innerAddress + "/30", "dev", inner);
    run("ip", "-n", name, "link", "set", inner, "up");
    return host;
  }

  /** A namespace holding one bridge, {@code br0}: a switch that hosts plug into ({@link #plugInto}). */
  public static NetNamespace createSwitch(String prefix) throws IOException {
    NetNamespace sw = create(prefix);
    run("ip", "-n", sw.name, "link", "add", "br0", "type", "bridge");
    run("ip", "-n", sw.name, "link", "set", "br0", "up");
    return sw;
  }

  /**
   * Plugs this namespace into {@code sw}'s bridge with {@code address} (CIDR, e.g. 10.213.10.1/24)
   * on this side.
   *
   * @return the name of the cable's end in the switch: {@code sw.setInnerLink(it, false)} unplugs it
   */
  public String plugInto(NetNamespace sw, String address) throws IOException {
    String[] ends = veth();
    String here = ends[0];
    String port = ends[1];
    run("ip", "link", "set", here, "netns", name);
    run("ip", "link", "set", port, "netns", sw.name);
    run("ip", "-n", name, "addr", "add", address, "dev", here);
    run("ip", "-n", name, "link", "set", here, "up");
    run("ip", "-n", sw.name, "link", "set", port, "master", "br0");
    run("ip", "-n", sw.name, "link", "set", port, "up");
    return port;
  }

  /** A new veth pair in the test's namespace: its two ends' names. */
  private static String[] veth() throws IOException {
    String id = UUID.randomUUID().toString().substring(0, 6);
    String[] ends = {"sba" + id, "sbb" + id};
    run("ip", "link", "add", ends[0], "type", "veth", "peer", "name", ends[1]);
    return ends;
  }

  /** Brings a link end inside this namespace up or down. */
  public void setInnerLink(String link, boolean up) throws IOException {
    run("ip", "-n", name, "link", "set", link, up ? "up" : "down");
  }

  /** {@code command}, run inside this namespace ({@code ip netns exec} executes it in place: same PID). */
  public List<String> exec(List<String> command) {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
    all.addAll(command);
    return all;
  }

  @Override
  public void close() {
    for (String link : hostLinks) {
      try {
        run("ip", "link", "del", link); // its peer inside goes with it
      } catch (IOException | RuntimeException gone) {
        // deleted with the namespace already
      }
    }
    try {
      run("ip", "netns", "del", name);
    } catch (IOException | RuntimeException e) {
      // already gone
    }
  }

  private static void run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + ": " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
