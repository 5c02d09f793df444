package dev.herald.core.provider;

import dev.herald.core.message.MessageStatus;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A provider's report of a message's progress (a status callback), already verified and parsed.
 *
 * @param provider provider id
 * @param providerMessageId the provider's id for the message
 * @param messageId Herald's id when the provider echoes it back (e.g. in the callback URL), else {@code null}
 * @param status the status it maps to, or {@code null} for events that carry no status change
 * @param eventKey identifies this event for deduplication (same key twice = same event)
 * @param eventType the provider's own name for the event (e.g. Twilio's {@code MessageStatus})
 * @param payload the raw callback body as received
 */
public record StatusReport(
    String provider,
    String providerMessageId,
    String messageId,
    MessageStatus status,
    String errorCode,
    String reason,
    Instant occurredAt,
    String eventKey,
    String eventType,
    String payload,
    BigDecimal price,
    String priceCurrency) {}
