package dev.herald.provider.sendgrid;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.message.Content;
import dev.herald.core.message.EmailHeaderFields;
import dev.herald.core.message.Message;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import java.util.Optional;

/**
 * Builds the JSON body of {@code POST /v3/mail/send} (SendGrid Mail v3 OpenAPI, request body
 * {@code PostMailSend}): one personalization to the message's address with
 * {@code custom_args.herald_message_id} (personalization level: the contract types the top-level
 * {@code custom_args} as a string), the sender, subject, and content parts {@code text/plain} then
 * {@code text/html} (the order SendGrid requires). Metadata {@code reply_to} sets the reply address;
 * metadata {@code list_unsubscribe} the {@code List-Unsubscribe} header (RFC 2369), with
 * {@code List-Unsubscribe-Post} (RFC 8058) unless it is a {@code mailto:}. SendGrid writes these
 * values into headers, so a message with CR, LF or NUL in any of them is rejected
 * ({@code invalid_header}) before SendGrid is called.
 */
final class SendGridMailBody {
  static final String HERALD_MESSAGE_ID = "herald_message_id";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A body ready to send, or the reason the message cannot be sent at all. */
  sealed interface Result {
    record Ready(String json) implements Result {}

    record Rejected(PermanentFailure failure) implements Result {}
  }

  private SendGridMailBody() {}

  static Result of(Message message, SendGridSettings settings) {
    Optional<String> lineBreak = EmailHeaderFields.lineBreakIn(message);
    if (lineBreak.isPresent()) {
      return rejected("invalid_header", lineBreak.get());
    }
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
    String replyTo = message.metadata().get(EmailHeaderFields.REPLY_TO);
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
    String unsubscribe = message.metadata().get(EmailHeaderFields.LIST_UNSUBSCRIBE);
    if (!blank(unsubscribe)) {
      ObjectNode headers = body.putObject("headers");
      try {
        headers.put("List-Unsubscribe", EmailHeaderFields.listUnsubscribeValue(unsubscribe));
      } catch (IllegalArgumentException notUri) {
        return rejected("invalid_list_unsubscribe", "metadata list_unsubscribe is not a URI: " + notUri.getMessage());
      }
      if (EmailHeaderFields.isOneClick(unsubscribe)) {
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
      }
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
