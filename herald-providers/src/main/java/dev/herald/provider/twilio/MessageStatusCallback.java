package dev.herald.provider.twilio;

import dev.herald.core.message.MessageStatus;
import dev.herald.core.provider.StatusReport;
import dev.herald.core.provider.WebhookRequest;
import dev.herald.core.provider.WebhookResult;
import java.util.List;

/**
 * Parses Twilio's message status callback, a form POST to the message's {@code StatusCallback}
 * URL with {@code MessageSid}, {@code MessageStatus}, {@code ErrorCode} on failures and, when
 * priced, {@code Price}/{@code PriceUnit}
 * (https://www.twilio.com/docs/messaging/guides/track-outbound-message-status).
 *
 * <p>Statuses (https://www.twilio.com/docs/messaging/api/message-resource#message-status-values):
 * {@code queued}, {@code sending}, {@code sent} → SENT; {@code delivered} → DELIVERED; {@code read}
 * → READ; {@code undelivered} → UNDELIVERED; {@code failed} → FAILED. {@code accepted} and
 * {@code scheduled} (a Messaging Service queueing or scheduling the message) and statuses Herald
 * does not know yield no report. The event key is {@code MessageSid:MessageStatus}, so a
 * redelivered callback is a duplicate. The answer is 200 with an empty body, which Twilio accepts.
 */
final class MessageStatusCallback {
  private MessageStatusCallback() {}

  /** The report for a verified callback to provider {@code providerId}; 400 when fields are missing. */
  static WebhookResult parse(String providerId, WebhookRequest r) {
    String sid = r.formParam("MessageSid");
    String twilioStatus = r.formParam("MessageStatus");
    if (sid == null || twilioStatus == null) {
      return WebhookResult.malformed("a status callback needs MessageSid and MessageStatus");
    }
    MessageStatus status = map(twilioStatus);
    if (status == null) {
      return WebhookResult.accepted(List.of());
    }
    TwilioPrice price = TwilioPrice.parse(r.formParam("Price"), r.formParam("PriceUnit"));
    return WebhookResult.accepted(List.of(new StatusReport(providerId, sid,
        r.queryParam(StatusCallbackUrl.MESSAGE_ID_PARAM), status, r.formParam("ErrorCode"),
        r.formParam("ErrorMessage"), r.receivedAt(), sid + ":" + twilioStatus, twilioStatus,
        r.bodyText(), price == null ? null : price.amount(), price == null ? null : price.currency())));
  }

  /** Herald's status for a Twilio message status, or {@code null} when it is not reported. */
  static MessageStatus map(String twilioStatus) {
    return switch (twilioStatus) {
      case "queued", "sending", "sent" -> MessageStatus.SENT;
      case "delivered" -> MessageStatus.DELIVERED;
      case "read" -> MessageStatus.READ;
      case "undelivered" -> MessageStatus.UNDELIVERED;
      case "failed" -> MessageStatus.FAILED;
      default -> null;
    };
  }
}
