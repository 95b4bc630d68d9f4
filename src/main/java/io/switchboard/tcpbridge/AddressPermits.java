package io.switchboard.tcpbridge;

import io.switchboard.config.ConfigException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Event-bus addresses a bridged service may use in one direction, as data: each entry is an exact
 * address, or {@code regex:} and a regular expression the whole address must match. Nothing is
 * permitted that no entry names.
 */
final class AddressPermits {
  static final String REGEX = "regex:";

  private final Set<String> exact;
  private final List<Pattern> patterns;
  private final List<String> entries;

  private AddressPermits(Set<String> exact, List<Pattern> patterns, List<String> entries) {
    this.exact = exact;
    this.patterns = patterns;
    this.entries = entries;
  }

  /** @throws ConfigException on a regular expression that does not compile, named by {@code where} */
  static AddressPermits parse(String where, List<String> entries) {
    Set<String> exact = new HashSet<>();
    List<Pattern> patterns = new ArrayList<>();
    for (String entry : entries) {
      if (entry.startsWith(REGEX)) {
        try {
          patterns.add(Pattern.compile(entry.substring(REGEX.length())));
        } catch (PatternSyntaxException e) {
          throw new ConfigException(where + ": '" + entry + "' is not a regular expression: " + e.getDescription());
        }
      } else if (entry.isEmpty()) {
        throw new ConfigException(where + ": an empty address");
      } else {
        exact.add(entry);
      }
    }
    return new AddressPermits(Set.copyOf(exact), List.copyOf(patterns), List.copyOf(entries));
  }

  boolean permits(String address) {
    if (address == null) {
      return false;
    }
    if (exact.contains(address)) {
      return true;
    }
    for (Pattern p : patterns) {
      if (p.matcher(address).matches()) {
        return true;
      }
    }
    return false;
  }

  List<String> entries() {
    return entries;
  }
}
