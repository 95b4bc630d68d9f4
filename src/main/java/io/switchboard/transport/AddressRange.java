package io.switchboard.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address or a CIDR range of addresses ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code 127.0.0.1}). */
record AddressRange(byte[] network, int prefixBits) {

  /** Parses a literal address, optionally with {@code /bits}; never resolves a host name. */
  static AddressRange parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    InetAddress address = literal(slash < 0 ? t : t.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
    }
    byte[] bytes = address.getAddress();
    int bits = bytes.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 0 || bits > bytes.length * 8) {
        throw new IllegalArgumentException("'" + text + "' has an invalid prefix length");
      }
    }
    return new AddressRange(bytes, bits);
  }

  /**
   * The address an IPv4 or IPv6 literal names, or null for anything else (a host name is never
   * looked up: the text may come from a client).
   */
  static InetAddress literal(String text) {
    String t = text.trim();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    boolean v4 = !t.isEmpty() && t.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    boolean v6 = t.indexOf(':') >= 0 && t.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(t); // a literal: no lookup happens
    } catch (UnknownHostException e) {
      return null;
    }
  }

  boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int full = prefixBits / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixBits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (a[full] & mask) == (network[full] & mask);
  }
}
