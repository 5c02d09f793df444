package dev.herald.core.store;

import dev.herald.core.message.DeliveryAttempt;
import dev.herald.core.message.MessageStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one claimed attempt, to be written by {@link MessageStore#complete}.
 *
 * @param messageId the claimed message
 * @param node the node holding the lease
 * @param attempt the attempt number the claim produced (guards against a lost lease)
 * @param status {@code sent}, {@code queued} (retry later), {@code failed}, {@code dead_lettered},
 *     {@code expired} or {@code suppressed}
 * @param dueAt when to try again (for {@code queued}); ignored otherwise
 * @param reason why, recorded in the timeline
 * @param deliveryAttempts provider calls made in this attempt (none when nothing was sent)
 * @param refundAttempt true when nothing was tried (a rate limit made the message wait): the claim's
 *     attempt is given back, so waiting never spends the retry budget
 */
public record Completion(
    String messageId,
    String node,
    int attempt,
    MessageStatus status,
    Instant at,
    Instant dueAt,
    String provider,
    String providerMessageId,
    BigDecimal cost,
    String costCurrency,
    String errorCode,
    String reason,
    List<DeliveryAttempt> deliveryAttempts,
    boolean refundAttempt) {

  public Completion {
    deliveryAttempts = List.copyOf(deliveryAttempts);
  }

  /** An outcome that used its attempt. */
  public Completion(String messageId, String node, int attempt, MessageStatus status, Instant at, Instant dueAt,
      String provider, String providerMessageId, BigDecimal cost, String costCurrency, String errorCode, String reason,
      List<DeliveryAttempt> deliveryAttempts) {
    this(messageId, node, attempt, status, at, dueAt, provider, providerMessageId, cost, costCurrency, errorCode, reason,
        deliveryAttempts, false);
  }
}
