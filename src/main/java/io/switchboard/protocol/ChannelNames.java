package io.switchboard.protocol;

/** The channel name grammar: {@code [A-Za-z0-9_.:@-]}, 1 to 128 characters. */
public final class ChannelNames {
  /** The longest channel name accepted. */
  public static final int MAX_LENGTH = 128;

  private ChannelNames() {}

  /** Whether {@code name} is a valid channel name. */
  public static boolean isValid(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == ':' || c == '@' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
