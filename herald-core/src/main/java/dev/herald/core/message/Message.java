package dev.herald.core.message;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One piece of content to one recipient address on one channel (DESIGN §2). Immutable; the store
 * owns the current version. Times are UTC instants; {@code dueAt} is when a worker may next claim
 * it ({@code send_at} at first, then the retry time).
 *
 * @param to the normalised recipient address: E.164 for phone channels, a lower-cased domain email
 *     address for email, an absolute http(s) URL for webhooks
 * @param attempts attempts started so far, over the message's whole life: attempt numbers are never
 *     reused, an operator's retry included
 * @param maxAttempts attempts allowed in the current run (from acceptance, or from the latest
 *     operator's retry) before the message is dead-lettered: the channel policy's budget
 * @param attemptsBeforeRetry attempts made before the latest operator's retry (0 when there was
 *     none): the current run's budget and backoff count the attempts after them
 * @param timeline every status change, oldest first (empty when not loaded)
 */
public record Message(
    String id,
    String tenantId,
    Channel channel,
    Direction direction,
    String to,
    String from,
    Content content,
    Category category,
    Priority priority,
    Instant sendAt,
    Instant expiresAt,
    Map<String, String> metadata,
    String idempotencyKey,
    String conversationId,
    String contactId,
    MessageStatus status,
    int attempts,
    int maxAttempts,
    int attemptsBeforeRetry,
    Instant dueAt,
    String provider,
    String providerMessageId,
    String errorCode,
    String errorReason,
    BigDecimal cost,
    String costCurrency,
    Instant createdAt,
    Instant updatedAt,
    List<StatusChange> timeline) {

  public Message {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    timeline = timeline == null ? List.of() : List.copyOf(timeline);
  }

  /** A message no operator has retried ({@code attemptsBeforeRetry} 0). */
  public Message(String id, String tenantId, Channel channel, Direction direction, String to, String from,
      Content content, Category category, Priority priority, Instant sendAt, Instant expiresAt,
      Map<String, String> metadata, String idempotencyKey, String conversationId, String contactId,
      MessageStatus status, int attempts, int maxAttempts, Instant dueAt, String provider, String providerMessageId,
      String errorCode, String errorReason, BigDecimal cost, String costCurrency, Instant createdAt, Instant updatedAt,
      List<StatusChange> timeline) {
    this(id, tenantId, channel, direction, to, from, content, category, priority, sendAt, expiresAt, metadata,
        idempotencyKey, conversationId, contactId, status, attempts, maxAttempts, 0, dueAt, provider, providerMessageId,
        errorCode, errorReason, cost, costCurrency, createdAt, updatedAt, timeline);
  }

  /**
   * Attempts counted against {@link #maxAttempts}, and by the backoff: those of the current run,
   * since the latest operator's retry (all of them when there was none).
   */
  public int attemptsSinceRetry() {
    return attempts - attemptsBeforeRetry;
  }

  /** This message moved to {@code status} at {@code at} (the timeline is left as it is). */
  public Message withStatus(MessageStatus status, Instant at) {
    return new Message(id, tenantId, channel, direction, to, from, content, category, priority, sendAt, expiresAt,
        metadata, idempotencyKey, conversationId, contactId, status, attempts, maxAttempts, attemptsBeforeRetry, dueAt,
        provider, providerMessageId, errorCode, errorReason, cost, costCurrency, createdAt, at, timeline);
  }

  /** This message joining conversation {@code conversationId} (set at accept, before it is stored). */
  public Message inConversation(String conversationId) {
    return new Message(id, tenantId, channel, direction, to, from, content, category, priority, sendAt, expiresAt,
        metadata, idempotencyKey, conversationId, contactId, status, attempts, maxAttempts, attemptsBeforeRetry, dueAt,
        provider, providerMessageId, errorCode, errorReason, cost, costCurrency, createdAt, updatedAt, timeline);
  }

  /**
   * This message as claimed for attempt {@code attempt} at {@code at}: {@code sending}, with
   * {@code changes} (the claim's status changes) after its timeline.
   */
  public Message claimed(int attempt, Instant at, List<StatusChange> changes) {
    List<StatusChange> all = new java.util.ArrayList<>(timeline);
    all.addAll(changes);
    return new Message(id, tenantId, channel, direction, to, from, content, category, priority, sendAt, expiresAt,
        metadata, idempotencyKey, conversationId, contactId, MessageStatus.SENDING, attempt, maxAttempts,
        attemptsBeforeRetry, dueAt, provider, providerMessageId, errorCode, errorReason, cost, costCurrency, createdAt,
        at, all);
  }

  /** True when {@code expiresAt} is set and {@code now} is past it. */
  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && now.isAfter(expiresAt);
  }
}
