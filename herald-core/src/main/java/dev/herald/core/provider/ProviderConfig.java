package dev.herald.core.provider;

import dev.herald.core.error.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A provider's configuration: string values keyed without the provider prefix (the key
 * {@code smtp.host} is {@code host} here). Typed getters validate and name the full key on error.
 */
public final class ProviderConfig {
  private final String prefix;
  private final Map<String, String> values;

  /**
   * @param prefix provider id, used only to name keys in error messages
   * @param values keys relative to the prefix
   */
  public ProviderConfig(String prefix, Map<String, String> values) {
    this.prefix = prefix;
    this.values = new TreeMap<>(values);
  }

  public String fullKey(String key) {
    return prefix + "." + key;
  }

  /** The value, or {@code fallback} when absent or blank. */
  public String get(String key, String fallback) {
    String v = values.get(key);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  /** @throws ConfigurationException when absent */
  public String require(String key) {
    String v = get(key, null);
    if (v == null) {
      throw new ConfigurationException(fullKey(key), "is required");
    }
    return v;
  }

  public int getInt(String key, int fallback) {
    String v = get(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ConfigurationException(fullKey(key), "'" + v + "' is not an integer");
    }
  }

  /** A probability or ratio in [0, 1]. */
  public double getFraction(String key, double fallback) {
    String v = get(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(v);
      if (d < 0 || d > 1 || Double.isNaN(d)) {
        throw new ConfigurationException(fullKey(key), "'" + v + "' must be between 0 and 1");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new ConfigurationException(fullKey(key), "'" + v + "' is not a number");
    }
  }

  public boolean getBoolean(String key, boolean fallback) {
    String v = get(key, null);
    if (v == null) {
      return fallback;
    }
    return switch (v.toLowerCase()) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new ConfigurationException(fullKey(key), "'" + v + "' is not a boolean");
    };
  }

  /** A duration such as {@code 50ms}, {@code 10s}, {@code 2m}. */
  public Duration getDuration(String key, Duration fallback) {
    String v = get(key, null);
    return v == null ? fallback : Durations.parse(v, fullKey(key));
  }
}
