package dev.herald.provider.sendgrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where a Mail Send answer that is not 2xx becomes a failure (SendGrid "Mail Send
 * errors" and "Rate limits"): 429 is transient and waits for {@code Retry-After} (seconds or
 * HTTP-date) or else until {@code X-RateLimit-Reset} (Unix seconds); 5xx is transient; every other
 * status (400 bad request, 401/403 key or permission, 404, 405, 413 payload too large) is permanent.
 * The reason joins the body's {@code errors[].message} (with {@code field} when set). The code is
 * {@code http_<status>}: SendGrid answers no error codes of its own.
 */
final class SendGridErrorClassifier {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SendGridErrorClassifier() {}

  static DeliveryOutcome classify(SendGridClient.Response r, Clock clock) {
    String code = "http_" + r.status();
    String reason = reason(r);
    if (r.status() == 429) {
      Duration wait = seconds(r.retryAfter(), clock);
      return new TransientFailure(code, reason, wait != null ? wait : untilReset(r.rateLimitReset(), clock), 429);
    }
    if (r.status() >= 500) {
      return new TransientFailure(code, reason, seconds(r.retryAfter(), clock), r.status());
    }
    return new PermanentFailure(code, reason, r.status());
  }

  private static String reason(SendGridClient.Response r) {
    List<String> messages = new ArrayList<>();
    try {
      for (JsonNode e : JSON.readTree(r.body() == null ? "" : r.body()).path("errors")) {
        String message = e.path("message").asText("");
        String field = e.path("field").isTextual() && !"null".equals(e.path("field").asText())
            ? e.path("field").asText() : null;
        messages.add(field == null ? message : field + ": " + message);
      }
    } catch (IOException notJson) {
      // The status alone then says what happened.
    }
    return messages.isEmpty() ? "SendGrid answered HTTP " + r.status() : String.join("; ", messages);
  }

  /** {@code Retry-After} as delay seconds or an HTTP-date (RFC 9110 §10.2.3), or {@code null}. */
  private static Duration seconds(String value, Clock clock) {
    return dev.herald.provider.http.RetryAfter.parse(value, clock.instant());
  }

  private static Duration untilReset(String epochSeconds, Clock clock) {
    if (epochSeconds == null || epochSeconds.isBlank()) {
      return null;
    }
    try {
      return nonNegative(Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(epochSeconds.trim()))));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
