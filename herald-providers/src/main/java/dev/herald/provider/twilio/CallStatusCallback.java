package dev.herald.provider.twilio;

import dev.herald.core.message.MessageStatus;
import dev.herald.core.provider.StatusReport;
import dev.herald.core.provider.WebhookRequest;
import dev.herald.core.provider.WebhookResult;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Parses Twilio's call status callback, a form POST with {@code CallSid}, {@code CallStatus} and
 * {@code Timestamp} (RFC 2822) for each requested {@code StatusCallbackEvent}
 * (https://www.twilio.com/docs/voice/api/call-resource#statuscallback).
 *
 * <p>Statuses (https://www.twilio.com/docs/voice/api/call-resource#call-status-values):
 * {@code queued}, {@code initiated}, {@code ringing}, {@code in-progress} (sent for the
 * {@code answered} event) → SENT; {@code completed} → DELIVERED (the text was spoken to whoever
 * answered); {@code busy}, {@code no-answer} → UNDELIVERED; {@code failed}, {@code canceled} →
 * FAILED. The event key is {@code CallSid:CallStatus}.
 */
final class CallStatusCallback {
  private CallStatusCallback() {}

  /** The report for a verified callback to provider {@code providerId}; 400 when fields are missing. */
  static WebhookResult parse(String providerId, WebhookRequest r) {
    String sid = r.formParam("CallSid");
    String callStatus = r.formParam("CallStatus");
    if (sid == null || callStatus == null) {
      return WebhookResult.malformed("a call status callback needs CallSid and CallStatus");
    }
    MessageStatus status = map(callStatus);
    if (status == null) {
      return WebhookResult.accepted(List.of());
    }
    return WebhookResult.accepted(List.of(new StatusReport(providerId, sid,
        r.queryParam(StatusCallbackUrl.MESSAGE_ID_PARAM), status, r.formParam("ErrorCode"),
        r.formParam("ErrorMessage"), occurredAt(r), sid + ":" + callStatus, callStatus, r.bodyText(),
        null, null)));
  }

  /** Herald's status for a Twilio call status, or {@code null} when it is not reported. */
  static MessageStatus map(String callStatus) {
    return switch (callStatus) {
      case "queued", "initiated", "ringing", "in-progress", "answered" -> MessageStatus.SENT;
      case "completed" -> MessageStatus.DELIVERED;
      case "busy", "no-answer" -> MessageStatus.UNDELIVERED;
      case "failed", "canceled" -> MessageStatus.FAILED;
      default -> null;
    };
  }

  private static Instant occurredAt(WebhookRequest r) {
    String timestamp = r.formParam("Timestamp");
    if (timestamp != null) {
      try {
        return ZonedDateTime.parse(timestamp, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        // fall back to the time Herald received it
      }
    }
    return r.receivedAt();
  }
}
