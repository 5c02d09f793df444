package dev.herald.provider.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The one place where Twilio's failures become retryable or not. Twilio answers a refused request
 * with a JSON body {@code {"code": 21211, "message": "...", "more_info": "...", "status": 400}}
 * (https://www.twilio.com/docs/usage/twilios-response).
 *
 * <ul>
 *   <li>21610, unsubscribed recipient (https://www.twilio.com/docs/api/errors/21610): permanent,
 *       and the recipient opted out, so Herald records the lost consent;
 *   <li>21211 invalid To (https://www.twilio.com/docs/api/errors/21211), 21614 To is not a mobile
 *       number (…/21614), 21408 region not enabled (…/21408), 21606 and 21659 From is not a usable
 *       Twilio sender (…/21606, …/21659): permanent;
 *   <li>20429 or HTTP 429, too many requests (https://www.twilio.com/docs/api/errors/20429):
 *       transient, waiting at least {@code Retry-After} (RFC 9110 §10.2.3, seconds or HTTP date);
 *   <li>HTTP 5xx, timeouts and I/O errors: transient;
 *   <li>any other 4xx: permanent; anything else (a 3xx from a mistyped base URL): transient, so the
 *       message dead-letters and can be retried once the configuration is fixed.
 * </ul>
 */
final class TwilioErrors {
  static final int OPTED_OUT = 21610;
  static final int TOO_MANY_REQUESTS = 20429;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;

  TwilioErrors(Clock clock) {
    this.clock = clock;
  }

  /** Classifies a non-2xx answer; {@code retryAfter} is the header value or {@code null}. */
  DeliveryOutcome classify(int status, String body, String retryAfter) {
    TwilioError error = TwilioError.parse(status, body);
    String code = error.code() == 0 ? "http_" + status : Integer.toString(error.code());
    return switch (error.code()) {
      case OPTED_OUT -> new PermanentFailure(code, error.reason(), status, true);
      case 21211, 21614, 21408, 21606, 21659 -> new PermanentFailure(code, error.reason(), status);
      case TOO_MANY_REQUESTS -> new TransientFailure(code, error.reason(), retryAfter(retryAfter), status);
      default -> byStatus(status, code, error.reason(), retryAfter);
    };
  }

  /** A call that got no answer in time. */
  DeliveryOutcome timeout(Duration limit) {
    return new TransientFailure("timeout", "Twilio did not answer within " + limit.toMillis() + " ms", null, 0);
  }

  /** A call that failed below HTTP (connection refused, reset, TLS). */
  DeliveryOutcome ioFailure(IOException e) {
    return new TransientFailure("io_error", "Twilio unreachable: " + e, null, 0);
  }

  private DeliveryOutcome byStatus(int status, String code, String reason, String retryAfter) {
    if (status == 429 || status >= 500) {
      return new TransientFailure(code, reason, retryAfter(retryAfter), status);
    }
    if (status >= 400) {
      return new PermanentFailure(code, reason, status);
    }
    return new TransientFailure(code, "unexpected HTTP " + status + " from Twilio: " + reason, null, status);
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date; {@code null} when absent or unreadable. */
  Duration retryAfter(String header) {
    return dev.herald.provider.http.RetryAfter.parse(header, clock.instant());
  }

  /** Twilio's error body; {@code code} 0 when the body is not Twilio's JSON. */
  private record TwilioError(int code, String reason) {
    static TwilioError parse(int status, String body) {
      try {
        JsonNode n = JSON.readTree(body == null ? "" : body);
        if (n != null && n.isObject() && n.hasNonNull("message")) {
          String info = n.path("more_info").asText("");
          String reason = n.get("message").asText() + (info.isEmpty() ? "" : " (" + info + ")");
          return new TwilioError(n.path("code").asInt(0), reason);
        }
      } catch (IOException e) {
        // not JSON: fall through to the status line
      }
      String text = body == null || body.isBlank() ? "" : ": " + abbreviate(body.strip());
      return new TwilioError(0, "HTTP " + status + text);
    }

    private static String abbreviate(String s) {
      return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
  }
}
