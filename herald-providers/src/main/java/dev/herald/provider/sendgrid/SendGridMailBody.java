package dev.herald.provider.sendgrid;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.message.Content;
import dev.herald.core.message.Message;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;

/**
 * Builds the JSON body of {@code POST /v3/mail/send} (SendGrid Mail v3 OpenAPI, request body
 * {@code PostMailSend}): one personalization to the message's address with
 * {@code custom_args.herald_message_id} (personalization level: the contract types the top-level
 * {@code custom_args} as a string), the sender, subject, and content parts {@code text/plain} then
 * {@code text/html} (the order SendGrid requires). Metadata {@code reply_to} sets the reply address.
 */
final class SendGridMailBody {
  static final String HERALD_MESSAGE_ID = "herald_message_id";
  static final String REPLY_TO = "reply_to";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A body ready to send, or the reason the message cannot be sent at all. */
  sealed interface Result {
    record Ready(String json) implements Result {}

    record Rejected(PermanentFailure failure) implements Result {}
  }

  private SendGridMailBody() {}

  static Result of(Message message, SendGridSettings settings) {
    if (!isAddress(message.to())) {
      return rejected("invalid_recipient", "'" + message.to() + "' is not an email address");
    }
    Content content = message.content() == null ? new Content(null, null, null) : message.content();
    if (blank(content.subject())) {
      return rejected("missing_subject", "an email needs a subject");
    }
    if (blank(content.text()) && blank(content.html())) {
      return rejected("empty_body", "an email needs a text or an HTML part");
    }
    String replyTo = message.metadata().get(REPLY_TO);
    if (replyTo != null && !isAddress(replyTo.trim())) {
      return rejected("invalid_reply_to", "metadata reply_to '" + replyTo + "' is not an email address");
    }
    ObjectNode body = JSON.createObjectNode();
    ObjectNode personalization = body.putArray("personalizations").addObject();
    personalization.putArray("to").addObject().put("email", message.to());
    personalization.putObject("custom_args").put(HERALD_MESSAGE_ID, message.id());
    sender(body.putObject("from"), message.from(), settings);
    if (replyTo != null) {
      body.putObject("reply_to").put("email", replyTo.trim());
    }
    String unsubscribe = message.metadata().get(dev.herald.core.consent.UnsubscribeHeaders.METADATA_KEY);
    if (!blank(unsubscribe)) {
      // RFC 8058 one-click unsubscribe, as the SMTP provider writes it.
      body.putObject("headers").put("List-Unsubscribe", "<" + unsubscribe.trim() + ">")
          .put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }
    body.put("subject", content.subject());
    ArrayNode parts = body.putArray("content");
    if (!blank(content.text())) {
      parts.addObject().put("type", "text/plain").put("value", content.text());
    }
    if (!blank(content.html())) {
      parts.addObject().put("type", "text/html").put("value", content.html());
    }
    return new Result.Ready(body.toString());
  }

  private static void sender(ObjectNode from, String messageFrom, SendGridSettings settings) {
    boolean useDefault = blank(messageFrom) || messageFrom.equalsIgnoreCase(settings.from());
    from.put("email", useDefault ? settings.from() : messageFrom);
    if (useDefault && !blank(settings.fromName())) {
      from.put("name", settings.fromName());
    }
  }

  private static boolean isAddress(String value) {
    int at = value == null ? -1 : value.indexOf('@');
    return at > 0 && at < value.length() - 1 && value.indexOf('@', at + 1) < 0;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static Result rejected(String code, String reason) {
    return new Result.Rejected(new PermanentFailure(code, reason, 0));
  }
}
