package dev.herald.provider.http;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The HTTP {@code Retry-After} header (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date,
 * as a wait from {@code now}. Shared by every provider's error classification.
 */
public final class RetryAfter {
  private RetryAfter() {}

  /** The wait the header value asks for, or {@code null} when absent or unreadable; never negative. */
  public static Duration parse(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration wait = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  /** The wait a response's {@code Retry-After} header asks for, or {@code null}. */
  public static Duration of(HttpHeaders headers, Instant now) {
    return parse(headers.firstValue("retry-after").orElse(null), now);
  }
}
