package io.switchboard.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address or a CIDR range of addresses ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code 127.0.0.1}). */
record AddressRange(byte[] network, int prefixBits) {

  /** Parses a literal address, optionally with {@code /bits}; never resolves a host name. */
  static AddressRange parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    String address = slash < 0 ? t : t.substring(0, slash);
    if (address.isEmpty() || !(address.indexOf(':') >= 0 || address.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress(); // a literal: no lookup happens
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
    }
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
