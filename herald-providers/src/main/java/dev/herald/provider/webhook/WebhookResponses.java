package dev.herald.provider.webhook;

import dev.herald.provider.http.RetryAfter;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.Accepted;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import java.time.Instant;

/**
 * Sorts a receiver's HTTP answer (Standard Webhooks, "Delivery success and failure"): 2xx is
 * accepted (and, for this channel, delivered); 408, 429 and 5xx are transient, honouring
 * {@code Retry-After}; 3xx (redirects are not followed) and every other 4xx (including 410 Gone)
 * are permanent. Codes are {@code http_<status>}.
 */
final class WebhookResponses {
  private WebhookResponses() {}

  static DeliveryOutcome classify(String messageId, WebhookClient.Response response, Instant now) {
    int status = response.status();
    String code = "http_" + status;
    if (status >= 200 && status <= 299) {
      return new Accepted(messageId, null, null, status, true);
    }
    if (status == 408 || status == 429 || status >= 500) {
      return new TransientFailure(code, "webhook receiver answered HTTP " + status,
          RetryAfter.of(response.headers(), now), status);
    }
    if (status >= 300 && status <= 399) {
      String location = response.headers().firstValue("location").orElse("no Location");
      return new PermanentFailure(code, "webhook receiver redirects (" + location
          + "); redirects are not followed, update the URL", status);
    }
    return new PermanentFailure(code, "webhook receiver answered HTTP " + status, status);
  }
}
