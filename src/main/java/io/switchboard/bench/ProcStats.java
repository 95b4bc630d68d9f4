package io.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and resident memory of processes, read from {@code /proc}.
 *
 * <p>CPU is {@code utime + stime} (fields 14 and 15 of {@code /proc/PID/stat}) in clock ticks;
 * RSS is {@code VmRSS} of {@code /proc/PID/status} in kB.
 */
public final class ProcStats {

  /**
   * One reading, summed over a set of processes.
   *
   * @param cpuMicros user + system CPU time
   * @param rssKb resident set size
   */
  public record Sample(long cpuMicros, long rssKb) {
    /** The difference {@code this - earlier}. */
    public Sample minus(Sample earlier) {
      return new Sample(cpuMicros - earlier.cpuMicros, rssKb - earlier.rssKb);
    }
  }

  private static volatile long ticksPerSecond = -1;

  private ProcStats() {}

  /** Parses utime + stime (clock ticks) from the text of {@code /proc/PID/stat}. */
  public static long parseCpuTicks(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/PID/stat line");
    }
    String[] f = stat.substring(close + 1).trim().split("\\s+");
    // f[0] is field 3 (state); utime is field 14, stime field 15.
    if (f.length < 13) {
      throw new IllegalArgumentException("short /proc/PID/stat line");
    }
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** Parses VmRSS (kB) from the text of {@code /proc/PID/status}; 0 if absent (zombie). */
  public static long parseRssKb(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] f = line.substring(6).trim().split("\\s+");
        return Long.parseLong(f[0]);
      }
    }
    return 0;
  }

  /** Reads one process; throws if it does not exist. */
  public static Sample read(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
      String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8);
      long ticks = parseCpuTicks(stat);
      return new Sample(ticks * 1_000_000L / clockTicksPerSecond(), parseRssKb(status));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + " (is the process alive?)", e);
    }
  }

  /** Reads and sums several processes (a cluster of nodes). */
  public static Sample read(Collection<Long> pids) {
    long cpu = 0;
    long rss = 0;
    for (long pid : pids) {
      Sample s = read(pid);
      cpu += s.cpuMicros;
      rss += s.rssKb;
    }
    return new Sample(cpu, rss);
  }

  /** The kernel's clock ticks per second: {@code getconf CLK_TCK}, or 100 if that fails. */
  public static long clockTicksPerSecond() {
    long t = ticksPerSecond;
    if (t > 0) {
      return t;
    }
    t = 100;
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
        t = Long.parseLong(out);
      }
    } catch (IOException | NumberFormatException e) {
      // keep 100
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ticksPerSecond = t;
    return t;
  }
}
