package io.switchboard.auth;

import io.switchboard.config.ConfigException;
import java.net.URI;
import java.time.Duration;

/**
 * Public keys fetched from a JSON Web Key Set over HTTP ({@code auth.jwt.jwksUrl}), as identity
 * providers publish them (Auth0, Keycloak, Cognito, Okta: {@code .../.well-known/jwks.json}).
 * A token names its key with the header's {@code kid}.
 *
 * @param url the key set's address, https (http only for loopback and tests); "" for none
 * @param refresh how old the fetched keys may grow before the next verification fetches them again
 *     in the background (the old keys serve meanwhile): 10 minutes by default
 * @param minInterval a token naming a key the set does not hold fetches the set again (a rotation),
 *     at most once per this interval, so that tokens with made-up key ids cannot make the node
 *     hammer the identity provider: 30 s by default
 */
public record JwksConfig(String url, Duration refresh, Duration minInterval) {
  public static final JwksConfig NONE = new JwksConfig("", Duration.ofMinutes(10), Duration.ofSeconds(30));

  public JwksConfig {
    url = url == null ? "" : url.strip();
    refresh = refresh == null ? NONE.refresh() : refresh;
    minInterval = minInterval == null ? NONE.minInterval() : minInterval;
    if (!url.isEmpty()) {
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("auth.jwt.jwksUrl: not a URL: " + e.getMessage());
      }
      boolean loopback = "localhost".equals(uri.getHost()) || (uri.getHost() != null && uri.getHost().startsWith("127."));
      if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
        throw new ConfigException("auth.jwt.jwksUrl: an https URL (http only on loopback), got " + url);
      }
    }
    if (refresh.compareTo(Duration.ofSeconds(1)) < 0 || minInterval.isNegative()) {
      throw new ConfigException("auth.jwt.jwksRefresh must be at least 1s and auth.jwt.jwksMinInterval not negative");
    }
  }

  public boolean enabled() {
    return !url.isEmpty();
  }
}
