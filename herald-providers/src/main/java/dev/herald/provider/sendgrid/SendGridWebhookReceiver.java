package dev.herald.provider.sendgrid;

import dev.herald.core.provider.WebhookReceiver;
import dev.herald.core.provider.WebhookRequest;
import dev.herald.core.provider.WebhookResult;
import java.io.IOException;
import java.util.List;

/**
 * SendGrid's Event Webhook at {@code /webhooks/sendgrid/events} (path {@code events}): a {@code POST}
 * of a JSON array of events. 401 when the signature or timestamp header is missing, 403 when the
 * signature does not verify or the timestamp is stale, 400 when the signed body is not an event
 * array, else 200 with the parsed reports.
 */
final class SendGridWebhookReceiver implements WebhookReceiver {
  static final String EVENTS_PATH = "events";

  private final EventWebhookVerifier verifier;

  SendGridWebhookReceiver(EventWebhookVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public WebhookResult receive(WebhookRequest request) {
    String path = request.path() == null ? "" : request.path().replaceAll("^/+|/+$", "");
    if (!EVENTS_PATH.equals(path)) {
      return answer(404, "no SendGrid webhook at '" + request.path()
          + "'; point the Event Webhook at /webhooks/sendgrid/events");
    }
    if (!"POST".equalsIgnoreCase(request.method())) {
      return answer(405, "the Event Webhook is a POST");
    }
    byte[] body = request.body() == null ? new byte[0] : request.body();
    switch (verifier.check(request.header(EventWebhookVerifier.SIGNATURE_HEADER),
        request.header(EventWebhookVerifier.TIMESTAMP_HEADER), body)) {
      case MISSING -> {
        return WebhookResult.unsigned("missing " + EventWebhookVerifier.SIGNATURE_HEADER + " or "
            + EventWebhookVerifier.TIMESTAMP_HEADER + " header");
      }
      case BAD_SIGNATURE -> {
        return WebhookResult.badSignature("event webhook signature does not verify");
      }
      case STALE -> {
        return WebhookResult.badSignature("event webhook timestamp is older than sendgrid.webhook_max_age");
      }
      case VALID -> { }
    }
    try {
      return WebhookResult.accepted(SendGridEventParser.parse(body, request.receivedAt()));
    } catch (IOException e) {
      return WebhookResult.malformed("not an Event Webhook body: " + e.getMessage());
    }
  }

  private static WebhookResult answer(int status, String why) {
    return new WebhookResult(status, "text/plain", why, List.of(), List.of());
  }
}
