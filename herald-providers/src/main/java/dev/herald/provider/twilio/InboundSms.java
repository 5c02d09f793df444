package dev.herald.provider.twilio;

import dev.herald.core.message.Channel;
import dev.herald.core.provider.InboundMessage;
import dev.herald.core.provider.WebhookRequest;
import dev.herald.core.provider.WebhookResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the request Twilio sends when one of our numbers receives an SMS or MMS: a form POST with
 * {@code MessageSid}, {@code From}, {@code To}, {@code Body}, {@code NumMedia} and
 * {@code MediaUrl0…MediaUrl{NumMedia-1}} (https://www.twilio.com/docs/messaging/guides/webhook-request).
 * It answers 200 with the empty TwiML document {@code <Response/>}, which tells Twilio to send no
 * reply (https://www.twilio.com/docs/messaging/twiml).
 */
final class InboundSms {
  static final String EMPTY_TWIML = "<Response/>";

  private InboundSms() {}

  /** The inbound message of a verified request to provider {@code providerId}; 400 when fields are missing. */
  static WebhookResult parse(String providerId, WebhookRequest r) {
    String sid = r.formParam("MessageSid");
    String from = r.formParam("From");
    String to = r.formParam("To");
    if (sid == null || from == null || to == null) {
      return WebhookResult.malformed("an inbound message needs MessageSid, From and To");
    }
    String body = r.formParam("Body");
    InboundMessage message = new InboundMessage(providerId, Channel.SMS, from, to, body == null ? "" : body,
        mediaUrls(r), sid, r.receivedAt(), r.bodyText());
    return new WebhookResult(200, "text/xml", EMPTY_TWIML, List.of(), List.of(message));
  }

  /** {@code MediaUrl0…}: {@code NumMedia} of them, or as many as are present when it is unreadable. */
  private static List<String> mediaUrls(WebhookRequest r) {
    int declared;
    try {
      String n = r.formParam("NumMedia");
      declared = n == null ? 0 : Integer.parseInt(n.trim());
    } catch (NumberFormatException e) {
      declared = Integer.MAX_VALUE;
    }
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < declared; i++) {
      String url = r.formParam("MediaUrl" + i);
      if (url == null) {
        break;
      }
      urls.add(url);
    }
    return urls;
  }
}
