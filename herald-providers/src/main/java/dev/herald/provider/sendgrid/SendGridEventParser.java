package dev.herald.provider.sendgrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.provider.StatusReport;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a verified Event Webhook body, a JSON array of events (Twilio SendGrid "Event Webhook
 * reference"), into status reports.
 *
 * <p>Mapping: {@code delivered} → DELIVERED; {@code open} → READ; {@code dropped} → FAILED (SendGrid
 * refused to send: suppressed or invalid address); {@code bounce} → FAILED, except a bounce of type
 * {@code blocked} → UNDELIVERED (the receiving server refused this delivery, e.g. for reputation or
 * content, while the address itself may be fine: "accepted, then not delivered" in Herald's terms).
 * {@code processed}, {@code deferred}, {@code click}, {@code spamreport}, {@code unsubscribe} and the
 * group events carry no status: they are stored as events and change nothing.
 *
 * <p>The provider message id is {@code sg_message_id} up to its first {@code .} (SendGrid appends a
 * filter suffix to the {@code X-Message-Id} it answered); the Herald id is the
 * {@code herald_message_id} custom argument; the event key is {@code sg_event_id}. Each report's
 * payload is that event's own JSON, not the whole batch, which may hold a thousand events.
 */
final class SendGridEventParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SendGridEventParser() {}

  /** @throws IOException when the body is not a JSON array */
  static List<StatusReport> parse(byte[] body, Instant receivedAt) throws IOException {
    JsonNode root = JSON.readTree(body);
    if (root == null || !root.isArray()) {
      throw new IOException("Event Webhook body is not a JSON array");
    }
    List<StatusReport> reports = new ArrayList<>();
    for (JsonNode event : root) {
      if (event.path("event").isTextual()) {
        reports.add(report(event, receivedAt));
      }
    }
    return reports;
  }

  private static StatusReport report(JsonNode event, Instant receivedAt) {
    String name = event.get("event").asText();
    String sgMessageId = text(event, "sg_message_id");
    String providerMessageId = sgMessageId == null || sgMessageId.indexOf('.') < 0
        ? sgMessageId : sgMessageId.substring(0, sgMessageId.indexOf('.'));
    Instant at = event.path("timestamp").canConvertToLong()
        ? Instant.ofEpochSecond(event.get("timestamp").asLong()) : receivedAt;
    String eventId = text(event, "sg_event_id");
    String key = eventId != null ? eventId : sgMessageId + ":" + name + ":" + at.getEpochSecond();
    MessageStatus status = statusOf(name, text(event, "type"));
    return new StatusReport(SendGridProvider.ID, providerMessageId, text(event, SendGridMailBody.HERALD_MESSAGE_ID),
        status, errorCode(event, name), text(event, "reason"), at, key, name, event.toString(), null, null);
  }

  private static MessageStatus statusOf(String event, String bounceType) {
    return switch (event) {
      case "delivered" -> MessageStatus.DELIVERED;
      case "open" -> MessageStatus.READ;
      case "dropped" -> MessageStatus.FAILED;
      case "bounce" -> "blocked".equals(bounceType) ? MessageStatus.UNDELIVERED : MessageStatus.FAILED;
      default -> null;
    };
  }

  /** The SMTP status SendGrid reports ({@code 5.1.1}...), else the event name for failures. */
  private static String errorCode(JsonNode event, String name) {
    String smtp = text(event, "status");
    if (smtp != null) {
      return smtp;
    }
    return "bounce".equals(name) || "dropped".equals(name) ? name : null;
  }

  private static String text(JsonNode event, String field) {
    JsonNode v = event.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
  }
}
