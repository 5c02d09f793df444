package dev.herald.core.provider;

import java.util.List;

/**
 * What a provider's webhook receiver made of a request: the HTTP answer to give, and the verified
 * status reports and inbound messages to apply. A rejected request carries no reports.
 *
 * @param status HTTP status to answer (200 accepted, 401 missing signature, 403 bad signature...)
 */
public record WebhookResult(
    int status,
    String contentType,
    String body,
    List<StatusReport> reports,
    List<InboundMessage> inbound) {

  public WebhookResult {
    reports = List.copyOf(reports);
    inbound = List.copyOf(inbound);
  }

  /** 200 with an empty body and these reports. */
  public static WebhookResult accepted(List<StatusReport> reports) {
    return new WebhookResult(200, "text/plain", "", reports, List.of());
  }

  /** 401: the request carries no signature (or no credentials). */
  public static WebhookResult unsigned(String why) {
    return new WebhookResult(401, "text/plain", why, List.of(), List.of());
  }

  /** 403: the signature does not verify, or its timestamp is stale. */
  public static WebhookResult badSignature(String why) {
    return new WebhookResult(403, "text/plain", why, List.of(), List.of());
  }

  /** 400: signed correctly but not understood. */
  public static WebhookResult malformed(String why) {
    return new WebhookResult(400, "text/plain", why, List.of(), List.of());
  }
}
