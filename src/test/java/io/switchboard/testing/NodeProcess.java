package io.switchboard.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node started as its own {@code java -jar target/switchboard.jar} process, on loopback (or in a
 * network namespace of the test's, reached at an address of its own), so a test can kill, freeze
 * or stop it with real signals. Output goes to {@code target/it-logs}.
 */
public final class NodeProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public final String name;
  /** Where the test reaches the node's client and API ports: 127.0.0.1, or its namespace's address. */
  public final String host;
  public final int httpPort;
  /** The API listener's port (/api, /metrics, /stats). */
  public final int apiPort;
  private final Process process;

  private NodeProcess(String name, String host, int httpPort, int apiPort, Process process) {
    this.name = name;
    this.host = host;
    this.httpPort = httpPort;
    this.apiPort = apiPort;
    this.process = process;
  }

  /**
   * @param env the node's environment on top of the test's own (cluster name, ports, members ...)
   * @param args extra command-line arguments
   */
  public static NodeProcess start(String name, Map<String, String> env, String... args) throws IOException {
    return start(name, env, freePort(), freePort(), args);
  }

  /** As above, on the given ports: a node restarted where its clients knew it. */
  public static NodeProcess start(String name, Map<String, String> env, int port, int apiPort, String... args)
      throws IOException {
    return start(name, env, null, "127.0.0.1", port, apiPort, args);
  }

  /**
   * As above, inside {@code namespace} (null: this one), its client and API ports reached at
   * {@code host} (the node must listen there: {@code http.host} and {@code api.host}).
   */
  public static NodeProcess start(String name, Map<String, String> env, NetNamespace namespace, String host, int port,
      int apiPort, String... args) throws IOException {
    Path jar = Path.of("target", "switchboard.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException("target/switchboard.jar is missing: run mvn package (mvn verify does)");
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-jar", jar.toString(), "--http-port", Integer.toString(port), "--api-port", Integer.toString(apiPort)));
    command.addAll(List.of(args));
    if (namespace != null) {
      command = namespace.exec(command);
    }
    Path logs = Path.of("target", "it-logs");
    Files.createDirectories(logs);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(logs.resolve(name + ".log").toFile());
    builder.environment().putAll(env);
    return new NodeProcess(name, host, port, apiPort, builder.start());
  }

  public long pid() {
    return process.pid();
  }

  public Process process() {
    return process;
  }

  /** GET on the node's HTTP port; -1 when it does not answer. */
  public int status(String path) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + httpPort + path))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The body of a GET on the client port, or "" when the node does not answer. */
  public String get(String path) {
    return get(httpPort, path);
  }

  /** The body of a GET on the API port ({@code /stats}, {@code /metrics}), or "" when the node does not answer. */
  public String apiGet(String path) {
    return get(apiPort, path);
  }

  private String get(int port, String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Sends a signal by name (KILL, TERM, STOP, CONT) to the process. */
  public void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
        .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
    kill.waitFor();
  }

  /**
   * Writes the live process's threads to {@code target/it-logs/<name>.threads} (with {@code jcmd}),
   * so that a node that did not do what a test awaited can be read afterwards.
   */
  public void dumpThreads() {
    if (!process.isAlive()) {
      return;
    }
    try {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "it-logs", name + ".threads").toFile()))
          .start();
      dump.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
    } catch (IOException e) {
      // a diagnostic only
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the process whatever state it is in (a frozen one is thawed first). */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        signal("CONT");
      } catch (IOException | InterruptedException e) {
        // it is killed below anyway
      }
      process.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
