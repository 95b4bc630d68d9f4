package io.switchboard.bench;

import java.util.List;

/**
 * A server under measurement.
 *
 * @param label "gateway" or "ceiling"
 * @param url where subscribers connect
 * @param pubUrl where publishers connect (another node for cross-node; else {@code url})
 * @param statsHost host of {@code GET /stats}
 * @param statsPort port of {@code GET /stats}
 * @param statsPath path of the stats document
 * @param pids server processes whose CPU and RSS are read from /proc (may be empty)
 */
public record Target(String label, LoopbackUrl url, LoopbackUrl pubUrl, String statsHost, int statsPort,
    String statsPath, List<Long> pids) {

  /** Sum of the server processes' CPU and RSS now, or null when no PID is known. */
  public ProcStats.Sample probe() {
    return pids.isEmpty() ? null : ProcStats.read(pids);
  }
}
