package io.switchboard.api;

import io.switchboard.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The named keys that may call the API. Several can be valid at once so that a key is rotated
 * without downtime (add the new one, move the callers, remove the old one). A key is compared by
 * its SHA-256 digest in constant time, against every configured key whatever matched first, so
 * the answer's timing tells nothing of how much of a key was right.
 */
public final class ApiKeys {
  /** Shortest key accepted: a key is a bearer secret. */
  public static final int MIN_KEY_LENGTH = 24;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

  private record Entry(String name, byte[] digest) {
  }

  private final List<Entry> entries;

  private ApiKeys(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * @param specs each {@code name:key}; names are what logs and metrics show, never keys
   * @throws ConfigException on a malformed spec, a short key, or a name or key used twice
   */
  public static ApiKeys parse(List<String> specs) {
    List<Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < specs.size(); i++) {
      String spec = specs.get(i);
      int colon = spec.indexOf(':');
      String where = "api.keys[" + i + "]";
      if (colon <= 0) {
        throw new ConfigException(where + ": expected name:key");
      }
      String name = spec.substring(0, colon);
      String key = spec.substring(colon + 1);
      if (!NAME.matcher(name).matches()) {
        throw new ConfigException(where + ": the name must be 1-32 characters of A-Z a-z 0-9 _ . -");
      }
      if (key.length() < MIN_KEY_LENGTH) {
        throw new ConfigException(where + " (" + name + "): the key must have at least " + MIN_KEY_LENGTH
            + " characters");
      }
      if (key.chars().anyMatch(c -> c == ',' || Character.isWhitespace(c))) {
        throw new ConfigException(where + " (" + name + "): the key must not contain ',' or spaces");
      }
      if (!names.add(name) || !keys.add(key)) {
        throw new ConfigException(where + " (" + name + "): a name or key is listed twice");
      }
      entries.add(new Entry(name, sha256(key)));
    }
    return new ApiKeys(entries);
  }

  /** No key at all: every call is refused. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public int size() {
    return entries.size();
  }

  /** The name of the key {@code presented} is, or empty when it is none of them (or null). */
  public Optional<String> match(String presented) {
    if (presented == null) {
      return Optional.empty();
    }
    byte[] digest = sha256(presented);
    String found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.digest, digest)) {
        found = e.name;
      }
    }
    return Optional.ofNullable(found);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
