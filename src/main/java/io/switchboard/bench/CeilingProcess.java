package io.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
  private final String host;
  private final int port;

  private CeilingProcess(Process process, Path log, String host, int port) {
    this.process = process;
    this.log = log;
    this.host = host;
    this.port = port;
    this.hook = new Thread(this::stop, "ceiling-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Starts the ceiling and waits (at most 30 s) until its port accepts connections.
   *
   * @param cluster the name of the ceiling cluster to join (or form), or null for a single process
   */
  public static CeilingProcess start(String host, int port, int instances, List<String> jvmOptions, String cluster)
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
    if (cluster != null) {
      cmd.add("--cluster");
      cmd.add(cluster);
    }
    Path log = Files.createTempFile("switchboard-ceiling-", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    CeilingProcess cp = new CeilingProcess(p, log, host, port);
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

  /**
   * Waits until this ceiling's {@code /members} counts {@code members} cluster members (a single
   * process counts one).
   *
   * @throws IOException when it does not within {@code timeoutSeconds} or the process died
   */
  public void awaitMembers(int members, long timeoutSeconds) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest stats = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/members"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    int seen = -1;
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        seen = new JsonObject(http.send(stats, HttpResponse.BodyHandlers.ofString()).body()).getInteger("members", 1);
        if (seen >= members) {
          return;
        }
      } catch (IOException | RuntimeException notYet) {
        // starting, or a partial answer: ask again
      }
      Thread.sleep(200);
    }
    throw new IOException("ceiling on port " + port + " saw " + seen + " of " + members + " members; log: " + log);
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
