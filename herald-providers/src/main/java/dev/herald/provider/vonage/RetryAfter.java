package dev.herald.provider.vonage;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): delay seconds or an HTTP-date. */
final class RetryAfter {
  private RetryAfter() {}

  /** The requested wait, or {@code null} when absent or unreadable; never negative. */
  static Duration of(HttpHeaders headers, Instant now) {
    String value = headers.firstValue("retry-after").map(String::trim).orElse(null);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }
}
