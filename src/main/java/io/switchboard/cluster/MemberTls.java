package io.switchboard.cluster;

import io.switchboard.config.ConfigException;
import io.switchboard.config.ConfigSection;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS between members on the event bus ({@code cluster.tls}): every member presents {@code
 * certPath}/{@code keyPath} and accepts only peers whose certificate {@code caPath} signed, both
 * ways (client authentication required), so a process that reached the member port without such a
 * certificate can neither send nor receive event-bus messages. All three PEM files, or none (off).
 * Hostnames are not checked: a member is whoever holds a certificate of the CA (issue one per pod,
 * or share one key pair among the members and name its own certificate as {@code caPath}).
 *
 * <p>Hazelcast's own port (presence, the interest table, history) is not covered: TLS there is a
 * Hazelcast Enterprise feature. The README says how to protect it.
 */
public record MemberTls(String certPath, String keyPath, String caPath) {
  public static final MemberTls OFF = new MemberTls("", "", "");

  public MemberTls {
    int set = (certPath.isEmpty() ? 0 : 1) + (keyPath.isEmpty() ? 0 : 1) + (caPath.isEmpty() ? 0 : 1);
    if (set != 0 && set != 3) {
      throw new ConfigException("cluster.tls: certPath, keyPath and caPath go together (all three, or none)");
    }
    for (String[] file : new String[][] {{"certPath", certPath}, {"keyPath", keyPath}, {"caPath", caPath}}) {
      if (!file[1].isEmpty() && !Files.isReadable(Path.of(file[1]))) {
        throw new ConfigException("cluster.tls." + file[0] + ": cannot read " + file[1]);
      }
    }
  }

  /** Reads {@code cluster.tls}. */
  static MemberTls from(ConfigSection cluster) {
    ConfigSection s = cluster.section("tls", "certPath", "keyPath", "caPath");
    return new MemberTls(s.string("certPath", ""), s.string("keyPath", ""), s.string("caPath", ""));
  }

  public boolean enabled() {
    return !certPath.isEmpty();
  }
}
