package io.switchboard.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling server run as a separate {@code java} process (same java binary and classpath as this
 * one), so that its CPU and RSS can be read from /proc like the gateway's. {@link #close()} stops it
 * by its PID (SIGTERM, then SIGKILL after 5 s); a shutdown hook does the same if this JVM exits first.
 */
public final class CeilingProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final Thread hook;

  private CeilingProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.hook = new Thread(this::stop, "ceiling-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Starts the ceiling and waits (at most 30 s) until its port accepts connections. */
  public static CeilingProcess start(String host, int port, int instances, List<String> jvmOptions)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BenchCommand.class.getName());
    cmd.add("ceiling");
    cmd.add("--host");
    cmd.add(host);
    cmd.add("--port");
    cmd.add(Integer.toString(port));
    cmd.add("--instances");
    cmd.add(Integer.toString(instances));
    Path log = Files.createTempFile("switchboard-ceiling-", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    CeilingProcess cp = new CeilingProcess(p, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        cp.close();
        throw new IOException("ceiling exited with " + p.exitValue() + "; log: " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), 200);
        return cp;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    cp.close();
    throw new IOException("ceiling did not listen on " + host + ":" + port + " within 30 s; log: " + log);
  }

  /** The ceiling's PID. */
  public long pid() {
    return process.pid();
  }

  /** Its output file. */
  public File log() {
    return log.toFile();
  }

  private void stop() {
    if (!process.isAlive()) {
      return;
    }
    ProcessHandle h = process.toHandle();
    h.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        h.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      h.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the process by its PID and waits for it. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
  }
}
