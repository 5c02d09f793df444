package dev.herald.provider.twilio;

import dev.herald.core.provider.WebhookReceiver;
import dev.herald.core.provider.WebhookRequest;
import dev.herald.core.provider.WebhookResult;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Receives Twilio's webhooks under {@code /webhooks/{provider id}/...}: checks
 * {@code X-Twilio-Signature} before reading anything (401 when absent, 403 when wrong), then hands
 * the request to the route for its path. The signature covers {@link WebhookRequest#publicUrl()}
 * and the form parameters; a body of any other kind (JSON) only through the URL's
 * {@code bodySHA256}, so such a body without one is refused ({@link TwilioSignature}). Twilio calls
 * webhooks with POST unless told otherwise (https://www.twilio.com/docs/usage/webhooks); other
 * methods get 405.
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
    String refusal = refusal(request, given);
    if (refusal != null) {
      return WebhookResult.badSignature(refusal);
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

  /** Why the signature does not vouch for the whole request, or {@code null} when it does. */
  private String refusal(WebhookRequest request, String given) {
    String url = request.publicUrl();
    byte[] body = request.body() == null ? new byte[0] : request.body();
    if (url == null) {
      return "no public URL to check " + TwilioSignature.HEADER + " against";
    }
    if (TwilioSignature.bodySha256(url) != null) {
      return signature.matchesBody(url, body, given) ? null
          : TwilioSignature.HEADER + " and " + TwilioSignature.BODY_SHA256 + " do not match the request";
    }
    if (request.formParams().isEmpty() && body.length > 0) {
      return "the body is not form parameters and the URL has no " + TwilioSignature.BODY_SHA256 + " to vouch for it";
    }
    return signature.matches(url, request.formParams(), given) ? null
        : TwilioSignature.HEADER + " does not match the request";
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
