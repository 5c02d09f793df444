package dev.herald.provider.whatsapp;

import dev.herald.core.provider.WebhookReceiver;
import dev.herald.core.provider.WebhookRequest;
import dev.herald.core.provider.WebhookResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

/**
 * Meta's one webhook URL, {@code /webhooks/whatsapp} (path {@code ""}).
 *
 * <ul>
 *   <li>{@code GET ?hub.mode=subscribe&hub.verify_token=T&hub.challenge=C}: the subscription
 *       handshake; 200 with {@code C} as {@code text/plain} when {@code T} is the configured
 *       {@code whatsapp.verify_token}, else 403.
 *   <li>{@code POST}: 401 without {@code X-Hub-Signature-256}, 403 when it does not match the body,
 *       400 when the signed body is not JSON, else 200 with its statuses and inbound messages.
 * </ul>
 */
final class WhatsAppWebhookReceiver implements WebhookReceiver {
  private final byte[] verifyToken;
  private final HubSignatureVerifier signatures;
  private final WhatsAppWebhookParser parser;

  WhatsAppWebhookReceiver(WhatsAppSettings settings) {
    this.verifyToken = settings.verifyToken().getBytes(StandardCharsets.UTF_8);
    this.signatures = new HubSignatureVerifier(settings.appSecret());
    this.parser = new WhatsAppWebhookParser(settings);
  }

  @Override
  public WebhookResult receive(WebhookRequest request) {
    if (request.path() != null && !request.path().isEmpty() && !"/".equals(request.path())) {
      return answer(404, "no WhatsApp webhook at '" + request.path() + "'; Meta calls /webhooks/whatsapp");
    }
    return switch (request.method().toUpperCase(Locale.ROOT)) {
      case "GET" -> handshake(request);
      case "POST" -> notification(request);
      default -> answer(405, "use GET for the verification handshake or POST for notifications");
    };
  }

  private WebhookResult handshake(WebhookRequest request) {
    String token = request.queryParam("hub.verify_token");
    String challenge = request.queryParam("hub.challenge");
    boolean tokenMatches = token != null
        && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), verifyToken);
    if (!"subscribe".equals(request.queryParam("hub.mode")) || !tokenMatches) {
      return WebhookResult.badSignature("verification token does not match whatsapp.verify_token");
    }
    return new WebhookResult(200, "text/plain", challenge == null ? "" : challenge, List.of(), List.of());
  }

  private WebhookResult notification(WebhookRequest request) {
    byte[] body = request.body() == null ? new byte[0] : request.body();
    switch (signatures.check(request.header(HubSignatureVerifier.HEADER), body)) {
      case MISSING -> {
        return WebhookResult.unsigned("missing " + HubSignatureVerifier.HEADER + " header");
      }
      case MISMATCH -> {
        return WebhookResult.badSignature(HubSignatureVerifier.HEADER + " does not match the body");
      }
      case VALID -> { }
    }
    try {
      WhatsAppWebhookParser.Parsed parsed = parser.parse(body, request.receivedAt());
      return new WebhookResult(200, "text/plain", "", parsed.reports(), parsed.inbound());
    } catch (IOException e) {
      return WebhookResult.malformed("not a WhatsApp webhook body: " + e.getMessage());
    }
  }

  private static WebhookResult answer(int status, String why) {
    return new WebhookResult(status, "text/plain", why, List.of(), List.of());
  }
}
