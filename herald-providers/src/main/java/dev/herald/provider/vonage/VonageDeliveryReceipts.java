package dev.herald.provider.vonage;

import dev.herald.core.message.MessageStatus;
import dev.herald.core.provider.StatusReport;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a verified Vonage SMS delivery receipt (fields {@code messageId}, {@code status},
 * {@code err-code}, {@code price}, {@code client-ref}, {@code message-timestamp} in
 * {@code yyyy-MM-dd HH:mm:ss} UTC, and others ignored here) into a {@link StatusReport}.
 *
 * <p>Statuses: {@code delivered} → delivered; {@code expired} and {@code failed} (the carrier
 * could not deliver what Vonage accepted) → undelivered; {@code rejected} (refused before
 * delivery was tried) → failed; {@code accepted} and {@code buffered} → sent; anything else
 * ({@code unknown}) is stored with no status change. An {@code err-code} of {@code 0} means no
 * error.
 *
 * <p>Only signed fields name the message: Herald's id is the {@code client-ref} Herald sent with
 * the message, which Vonage echoes among the fields it signs; a receipt without one names only
 * Vonage's {@code messageId}, which Herald recorded at send. Nothing else is read: a parameter
 * Vonage did not sign cannot point a receipt at another message.
 */
final class VonageDeliveryReceipts {
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private final String currency;
  private final Clock clock;

  VonageDeliveryReceipts(String currency, Clock clock) {
    this.currency = currency;
    this.clock = clock;
  }

  /** The report, or {@code null} when the receipt has no {@code messageId} or {@code status}. */
  StatusReport parse(Map<String, String> params, String payload) {
    String providerMessageId = blankToNull(params.get("messageId"));
    String status = blankToNull(params.get("status"));
    if (providerMessageId == null || status == null) {
      return null;
    }
    status = status.toLowerCase(Locale.ROOT);
    String errCode = blankToNull(params.get("err-code"));
    String errorCode = errCode == null || errCode.equals("0") ? null : errCode;
    String messageId = blankToNull(params.get("client-ref"));
    return new StatusReport(VonageProvider.ID, providerMessageId, messageId, statusOf(status), errorCode,
        errorCode == null ? null : "Vonage delivery receipt " + status + " with err-code " + errorCode,
        occurredAt(params.get("message-timestamp")), providerMessageId + ":" + status, status, payload,
        price(params.get("price")), params.get("price") == null ? null : currency);
  }

  static MessageStatus statusOf(String vonageStatus) {
    return switch (vonageStatus) {
      case "delivered" -> MessageStatus.DELIVERED;
      case "expired", "failed" -> MessageStatus.UNDELIVERED;
      case "rejected" -> MessageStatus.FAILED;
      case "accepted", "buffered" -> MessageStatus.SENT;
      default -> null;
    };
  }

  private Instant occurredAt(String timestamp) {
    if (timestamp != null) {
      try {
        return LocalDateTime.parse(timestamp.trim(), TIMESTAMP).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        // fall through: a receipt with an odd timestamp is still a receipt
      }
    }
    return clock.instant();
  }

  private static BigDecimal price(String price) {
    if (price == null) {
      return null;
    }
    try {
      return new BigDecimal(price.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
