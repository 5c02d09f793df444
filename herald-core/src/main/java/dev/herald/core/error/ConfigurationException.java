package dev.herald.core.error;

/** Invalid configuration; the message names the offending key and value. Stops start-up. */
public final class ConfigurationException extends HeraldException {
  public ConfigurationException(String key, String detail) {
    super("configuration", key + ": " + detail);
  }
}
