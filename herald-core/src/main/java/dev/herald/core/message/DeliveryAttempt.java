package dev.herald.core.message;

import java.time.Instant;

/**
 * One try of one provider for one message. {@code attempt} is the message's attempt number
 * (1-based); several providers tried in the same attempt (failover) share it.
 *
 * @param outcome {@code accepted}, {@code transient_failure} or {@code permanent_failure}
 * @param durationMillis time spent in the provider call, in milliseconds
 * @param httpStatus the provider's HTTP status, 0 when there was none
 */
public record DeliveryAttempt(
    String messageId,
    int attempt,
    String provider,
    Instant startedAt,
    long durationMillis,
    String outcome,
    String errorCode,
    String reason,
    int httpStatus,
    String node) {}
