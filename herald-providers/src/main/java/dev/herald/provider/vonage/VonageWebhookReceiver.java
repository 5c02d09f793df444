package dev.herald.provider.vonage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.provider.StatusReport;
import dev.herald.core.provider.WebhookReceiver;
import dev.herald.core.provider.WebhookRequest;
import dev.herald.core.provider.WebhookResult;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Receives Vonage SMS delivery receipts at {@code /webhooks/vonage/status}, sent as a GET query,
 * a POST form or a POST JSON object (whichever the account's webhook method is).
 *
 * <p>Verification comes first: no {@code sig} parameter → 401; no configured signature secret, a
 * {@code timestamp} missing or more than five minutes from Herald's clock (replay protection, as
 * Vonage's own SDK checks), or a {@code sig} that does not match → 403. A verified receipt without
 * {@code messageId} or {@code status} → 400.
 *
 * <p>Herald once put {@code herald_message_id} in the callback URL of each message; the receipts
 * of messages sent then still carry it, and being no receipt field of Vonage's it may arrive
 * unsigned. So the signature is checked both without it and with it, and it is never read: the
 * message is named by signed fields only ({@link VonageDeliveryReceipts}).
 */
final class VonageWebhookReceiver implements WebhookReceiver {
  /** The callback URL parameter of earlier Herald versions, tolerated unsigned and never read. */
  private static final String HERALD_MESSAGE_ID = "herald_message_id";
  static final Duration TOLERANCE = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final VonageSignature signature;
  private final VonageDeliveryReceipts receipts;
  private final Clock clock;

  VonageWebhookReceiver(VonageSettings settings, Clock clock) {
    this.signature = settings.signatureSecret() == null ? null
        : new VonageSignature(settings.signatureSecret(), settings.signatureMethod());
    this.receipts = new VonageDeliveryReceipts(settings.currency(), clock);
    this.clock = clock;
  }

  @Override
  public WebhookResult receive(WebhookRequest request) {
    if (!"status".equals(request.path())) {
      return new WebhookResult(404, "text/plain", "no Vonage webhook at " + request.path(), List.of(), List.of());
    }
    Map<String, String> params = parameters(request);
    String sig = params.get(VonageSignature.SIG);
    if (sig == null || sig.isBlank()) {
      return WebhookResult.unsigned("missing sig parameter (enable signed webhooks for the Vonage account)");
    }
    if (signature == null) {
      return WebhookResult.badSignature("cannot verify: vonage.signature_secret is not configured");
    }
    String stale = staleness(params.get("timestamp"));
    if (stale != null) {
      return WebhookResult.badSignature(stale);
    }
    if (!verifies(params, sig)) {
      return WebhookResult.badSignature("sig does not match");
    }
    StatusReport report = receipts.parse(params, payload(request));
    return report == null
        ? WebhookResult.malformed("delivery receipt without messageId or status")
        : WebhookResult.accepted(List.of(report));
  }

  private boolean verifies(Map<String, String> params, String sig) {
    Map<String, String> vonageFields = new HashMap<>(params);
    vonageFields.remove(HERALD_MESSAGE_ID);
    return signature.verify(vonageFields, sig)
        || (params.containsKey(HERALD_MESSAGE_ID) && signature.verify(params, sig));
  }

  /** Why the signed timestamp is unacceptable, or {@code null} when it is fresh. */
  private String staleness(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return "missing timestamp parameter";
    }
    Instant signedAt;
    try {
      signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp.trim()));
    } catch (NumberFormatException e) {
      return "timestamp is not unix seconds";
    }
    Duration skew = Duration.between(signedAt, clock.instant()).abs();
    return skew.compareTo(TOLERANCE) > 0 ? "timestamp is " + skew.toSeconds() + "s away from now (stale or replayed)" : null;
  }

  /** Query, then form, then JSON body fields; first value of each name. */
  private static Map<String, String> parameters(WebhookRequest request) {
    Map<String, String> params = new LinkedHashMap<>();
    request.query().forEach((k, v) -> putFirst(params, k, v));
    request.formParams().forEach((k, v) -> putFirst(params, k, v));
    if (request.formParams().isEmpty() && request.body().length > 0) {
      try {
        JsonNode body = JSON.readTree(request.body());
        if (body != null && body.isObject()) {
          body.properties().forEach(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
              params.put(e.getKey(), e.getValue().asText());
            }
          });
        }
      } catch (IOException notJson) {
        // not a JSON receipt: only the query and form parameters count
      }
    }
    return params;
  }

  private static void putFirst(Map<String, String> params, String name, List<String> values) {
    if (values != null && !values.isEmpty()) {
      params.put(name, values.get(0));
    }
  }

  /** The raw receipt as received: the body, or for a GET the query string. */
  private static String payload(WebhookRequest request) {
    if (request.body().length > 0) {
      return request.bodyText();
    }
    String url = request.publicUrl();
    int q = url == null ? -1 : url.indexOf('?');
    return q < 0 ? "" : url.substring(q + 1);
  }
}
