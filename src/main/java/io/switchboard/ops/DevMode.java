package io.switchboard.ops;

import io.switchboard.api.ApiConfig;
import io.switchboard.auth.AuthConfig;
import io.switchboard.transport.HttpConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.logging.Logger;

/**
 * The first-run mode: with no key configured, a node binds to loopback only and verifies tokens
 * with this machine's dev secret ({@link DevSecret}, made on the first run), so that nobody else can
 * connect, nothing secret is shipped, and every dev node here (and {@code token}) shares it. The
 * node prints a token and a URL to try it with.
 */
final class DevMode {
  private static final Logger LOG = Logger.getLogger(DevMode.class.getName());

  private DevMode() {}

  /** The configuration to run with: unchanged when it has a key, else the dev-mode one. */
  static SwitchboardConfig apply(SwitchboardConfig config) {
    return apply(config, DevSecret.directory());
  }

  /** As above, the machine's dev secret kept in {@code secretDir}. */
  static SwitchboardConfig apply(SwitchboardConfig config, Path secretDir) {
    if (config.auth().hasKey()) {
      return config;
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String secret = DevSecret.loadOrCreate(secretDir).orElseGet(() -> {
      LOG.warning("DEV MODE: cannot keep the dev secret in " + secretDir + "; this node's tokens work on it alone");
      return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    });
    AuthConfig auth = config.auth().withSecret(secret);
    HttpConfig http = config.http();
    if (!isLoopback(http.host())) {
      LOG.warning("DEV MODE: http.host " + http.host() + " ignored; binding to 127.0.0.1 only (set"
          + " SWITCHBOARD_JWT_SECRET to serve other hosts, a container's published port among them)");
      http = http.withHost("127.0.0.1");
    }
    ApiConfig api = config.api();
    if (!isLoopback(api.host())) {
      LOG.warning("DEV MODE: api.host " + api.host() + " ignored; binding to 127.0.0.1 only");
      api = new ApiConfig("127.0.0.1", api.port(), api.keys(), api.maxBodyBytes());
    }
    if (api.keys().isEmpty()) { // derived from the secret: the same on every dev node of this machine
      api = api.withKeys(List.of(DEV_KEY_NAME + ":" + DevSecret.apiKey(secret)));
    }
    return config.withAuth(auth).withHttp(http).withApi(api);
  }

  /** The name of the API key dev mode makes up when none is configured. */
  static final String DEV_KEY_NAME = "dev";

  /** The made-up API key, if dev mode made one. */
  static String devApiKey(SwitchboardConfig effective) {
    List<String> keys = effective.api().keys();
    return keys.size() == 1 && keys.get(0).startsWith(DEV_KEY_NAME + ":")
        ? keys.get(0).substring(DEV_KEY_NAME.length() + 1) : null;
  }

  static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * How the command line names this jar from the working directory (target/switchboard.jar when
   * started from the repository), so that the banner's token command runs as printed.
   */
  static String jarPath() {
    try {
      java.nio.file.Path jar = java.nio.file.Path.of(DevMode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      java.nio.file.Path here = java.nio.file.Path.of("").toAbsolutePath();
      if (jar.toString().endsWith(".jar")) {
        return jar.startsWith(here) ? here.relativize(jar).toString() : jar.toString();
      }
    } catch (java.net.URISyntaxException | RuntimeException notAJar) {
      // run from classes (tests, an IDE): the name the README uses
    }
    return "target/switchboard.jar";
  }

  /** The banner printed once the dev-mode node listens. */
  static String banner(String host, int port, String path, String token, int apiPort, String apiKey) {
    String url = "ws://" + host + ":" + port + path + "?token=" + token;
    String api = apiKey == null ? " The API uses the keys of api.keys: http://127.0.0.1:" + apiPort + "/api/<method>"
        : " Backend API (this machine's dev key, the same on every dev node here):" + System.lineSeparator()
            + "   curl -H 'X-API-Key: " + apiKey + "' -d '{\"channel\":\"lobby\",\"content\":\"hi\"}' "
            + "http://127.0.0.1:" + apiPort + "/api/publish";
    return String.join(System.lineSeparator(),
        "",
        "==================================================================================",
        " DEV MODE: no auth.jwt.secret or publicKey configured.",
        " Tokens are verified with this machine's dev secret (~/.switchboard/dev-secret), shared by",
        " every dev node here: start another with --http-port 8081 and they form one cluster.",
        " The node listens on loopback only. Set SWITCHBOARD_JWT_SECRET (32+ bytes) for real use.",
        " More tokens:  java -jar " + jarPath() + " token --sub alice",
        "",
        " A token for user 'dev' (valid 1 hour):",
        "   " + token,
        " Connect:",
        "   " + url,
        " Try:  {\"type\":\"subscribe\",\"channel\":\"lobby\"}",
        "       {\"type\":\"message\",\"channel\":\"lobby\",\"content\":\"hello\"}",
        api,
        "==================================================================================",
        "");
  }
}
