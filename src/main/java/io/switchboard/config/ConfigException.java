package io.switchboard.config;

/**
 * A configuration value that cannot be used. The message names the option and says what is
 * expected, so that it can be printed as is to the operator who started the node.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
