package io.switchboard.ops;

import io.switchboard.api.ApiConfig;
import io.switchboard.auth.AuthConfig;
import io.switchboard.transport.HttpConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.logging.Logger;

/**
 * The first-run mode: with no key configured, a node binds to loopback only and verifies tokens
 * with a secret generated for this process, so that nobody else can connect and nothing secret is
 * shipped. The node prints a token and a URL to try it with.
 */
final class DevMode {
  private static final Logger LOG = Logger.getLogger(DevMode.class.getName());

  private DevMode() {}

  /** The configuration to run with: unchanged when it has a key, else the dev-mode one. */
  static SwitchboardConfig apply(SwitchboardConfig config) {
    if (config.auth().hasKey()) {
      return config;
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    AuthConfig auth = config.auth().withSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    HttpConfig http = config.http();
    if (!isLoopback(http.host())) {
      LOG.warning("DEV MODE: http.host " + http.host() + " ignored; binding to 127.0.0.1 only");
      http = http.withHost("127.0.0.1");
    }
    ApiConfig api = config.api();
    if (!isLoopback(api.host())) {
      LOG.warning("DEV MODE: api.host " + api.host() + " ignored; binding to 127.0.0.1 only");
      api = new ApiConfig("127.0.0.1", api.port(), api.keys(), api.maxBodyBytes());
    }
    if (api.keys().isEmpty()) {
      new SecureRandom().nextBytes(random);
      api = api.withKeys(List.of(DEV_KEY_NAME + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(random)));
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

  /** The banner printed once the dev-mode node listens. */
  static String banner(String host, int port, String path, String token, int apiPort, String apiKey) {
    String url = "ws://" + host + ":" + port + path + "?token=" + token;
    String api = apiKey == null ? " The API uses the keys of api.keys: http://127.0.0.1:" + apiPort + "/api/<method>"
        : " Backend API (key made up for this process):" + System.lineSeparator()
            + "   curl -H 'X-API-Key: " + apiKey + "' -d '{\"channel\":\"lobby\",\"content\":\"hi\"}' "
            + "http://127.0.0.1:" + apiPort + "/api/publish";
    return String.join(System.lineSeparator(),
        "",
        "==================================================================================",
        " DEV MODE: no auth.jwt.secret or publicKey configured.",
        " Tokens are verified with a random secret that lives only in this process, and",
        " the node listens on loopback only. Set SWITCHBOARD_JWT_SECRET (32+ bytes) for real use.",
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
