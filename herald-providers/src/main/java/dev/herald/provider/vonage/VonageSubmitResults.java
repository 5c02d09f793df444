package dev.herald.provider.vonage;

import dev.herald.provider.http.RetryAfter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.Accepted;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns Vonage's answer to {@code POST /sms/json} into an outcome. The body is
 * {@code {"message-count":"1","messages":[{"status":"0","message-id":"...","message-price":"0.0333",...}]}},
 * one entry per part of a concatenated message.
 *
 * <p>All parts {@code status "0"}: accepted; the id is the first part's {@code message-id} (every
 * part's receipt still carries our {@code client-ref}), the cost the sum of the parts'
 * {@code message-price}. Otherwise the first failing part decides, per Vonage's SMS API error
 * table (https://developer.vonage.com/api-errors/sms): 1 Throttled, 5 Internal Error and 10 Too
 * Many Existing Binds ("back-off and retry") are transient; every other status (2 Missing
 * Parameters, 3 Invalid Parameters, 4 Invalid Credentials, 6 Invalid Message, 7 Number Barred,
 * 8 Partner Account Barred, 9 Partner Quota Violation, 15 Invalid Sender Address, 29 Non-Whitelisted
 * Destination...) is permanent. The code is Vonage's status, the reason its {@code error-text}.
 * HTTP 429 and 5xx are transient (honouring {@code Retry-After}); other non-2xx HTTP answers are
 * permanent. A 2xx body that cannot be read is transient: whether Vonage took the message is unknown,
 * and Herald's delivery is at-least-once.
 */
final class VonageSubmitResults {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration THROTTLE_PAUSE = Duration.ofSeconds(1);

  private VonageSubmitResults() {}

  static DeliveryOutcome classify(VonageSmsClient.Response response, String currency, Instant now) {
    int http = response.status();
    if (http == 429 || http >= 500) {
      return new TransientFailure("http_" + http, "Vonage answered HTTP " + http,
          RetryAfter.of(response.headers(), now), http);
    }
    if (http < 200 || http > 299) {
      return new PermanentFailure("http_" + http, "Vonage answered HTTP " + http + ": " + abbreviate(response.body()), http);
    }
    JsonNode messages;
    try {
      messages = JSON.readTree(response.body()).path("messages");
    } catch (JsonProcessingException e) {
      return new TransientFailure("unreadable_response", "Vonage answered with unreadable JSON: " + abbreviate(response.body()), null, http);
    }
    if (!messages.isArray() || messages.isEmpty()) {
      return new TransientFailure("unreadable_response", "Vonage answered without messages: " + abbreviate(response.body()), null, http);
    }
    for (JsonNode part : messages) {
      String status = part.path("status").asText("");
      if (!status.equals("0")) {
        return failure(status, part.path("error-text").asText("no error-text"), http);
      }
    }
    return new Accepted(messages.get(0).path("message-id").asText(null), price(messages), currency, http);
  }

  private static DeliveryOutcome failure(String status, String errorText, int http) {
    String reason = "Vonage status " + status + ": " + errorText;
    return switch (status) {
      case "1" -> new TransientFailure(status, reason, THROTTLE_PAUSE, http);
      case "5", "10" -> new TransientFailure(status, reason, null, http);
      default -> new PermanentFailure(status, reason, http);
    };
  }

  /** Sum of the parts' {@code message-price}, or {@code null} when any is missing or unreadable. */
  private static BigDecimal price(JsonNode messages) {
    BigDecimal total = BigDecimal.ZERO;
    for (JsonNode part : messages) {
      String price = part.path("message-price").asText(null);
      if (price == null) {
        return null;
      }
      try {
        total = total.add(new BigDecimal(price));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return total;
  }

  private static String abbreviate(String body) {
    if (body == null) {
      return "";
    }
    return body.length() <= 300 ? body : body.substring(0, 300) + "…";
  }
}
