package dev.herald.core.provider;

import dev.herald.core.error.ConfigurationException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses human durations in configuration: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}. */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("^(\\d+)\\s*(ms|s|m|h)$");

  private Durations() {}

  /** @throws ConfigurationException naming {@code key} when {@code value} is not a duration */
  public static Duration parse(String value, String key) {
    Matcher m = FORM.matcher(value.trim().toLowerCase());
    if (!m.matches()) {
      throw new ConfigurationException(key, "'" + value + "' is not a duration like 250ms, 10s, 5m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
