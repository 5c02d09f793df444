package dev.herald.core.message;

import java.time.Instant;

/**
 * A provider callback as stored: raw payload, what it reported, and what applying it did.
 *
 * @param outcome {@code applied}, {@code ignored} (the state machine refused a backward move),
 *     {@code duplicate} (the same event seen before) or {@code unmatched}
 */
public record MessageEvent(
    String id,
    String messageId,
    String provider,
    String providerMessageId,
    String eventType,
    MessageStatus status,
    String outcome,
    String payload,
    Instant receivedAt) {}
