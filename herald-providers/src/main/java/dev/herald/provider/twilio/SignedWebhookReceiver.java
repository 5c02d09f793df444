package dev.herald.provider.twilio;

import dev.herald.core.provider.WebhookReceiver;
import dev.herald.core.provider.WebhookRequest;
import dev.herald.core.provider.WebhookResult;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Receives Twilio's webhooks under {@code /webhooks/{provider id}/...}: checks
 * {@code X-Twilio-Signature} over {@link WebhookRequest#publicUrl()} and the form parameters
 * before reading anything (401 when absent, 403 when wrong), then hands the request to the route
 * for its path. Twilio calls webhooks with POST unless told otherwise
 * (https://www.twilio.com/docs/usage/webhooks); other methods get 405.
 */
final class SignedWebhookReceiver implements WebhookReceiver {
  private final TwilioSignature signature;
  private final Map<String, Function<WebhookRequest, WebhookResult>> routes;

  /** @param routes handlers by path (e.g. {@code status}), each called only for verified requests */
  SignedWebhookReceiver(TwilioSignature signature, Map<String, Function<WebhookRequest, WebhookResult>> routes) {
    this.signature = signature;
    this.routes = Map.copyOf(routes);
  }

  @Override
  public WebhookResult receive(WebhookRequest request) {
    String given = request.header(TwilioSignature.HEADER);
    if (given == null || given.isBlank()) {
      return WebhookResult.unsigned("missing " + TwilioSignature.HEADER + " header");
    }
    if (request.publicUrl() == null || !signature.matches(request.publicUrl(), request.formParams(), given)) {
      return WebhookResult.badSignature(TwilioSignature.HEADER + " does not match the request");
    }
    String path = trimSlashes(request.path());
    Function<WebhookRequest, WebhookResult> route = routes.get(path);
    if (route == null) {
      return plain(404, "no Twilio webhook at '" + path + "'; expected one of " + routes.keySet());
    }
    if (!"POST".equalsIgnoreCase(request.method())) {
      return plain(405, "Twilio webhooks must use POST");
    }
    return route.apply(request);
  }

  private static WebhookResult plain(int status, String body) {
    return new WebhookResult(status, "text/plain", body, List.of(), List.of());
  }

  private static String trimSlashes(String path) {
    String p = path == null ? "" : path;
    int start = 0;
    int end = p.length();
    while (start < end && p.charAt(start) == '/') {
      start++;
    }
    while (end > start && p.charAt(end - 1) == '/') {
      end--;
    }
    return p.substring(start, end);
  }
}
