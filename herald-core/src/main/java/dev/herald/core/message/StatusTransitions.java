package dev.herald.core.message;

/**
 * The one place that decides which status changes are allowed (DESIGN §3).
 *
 * <p>Rules: the engine moves a message {@code scheduled → queued → sending}, then to an outcome;
 * a transient failure moves {@code sending → queued} for a later retry (the only backward edge).
 * Provider reports only move forward by rank: a late {@code sent} after {@code delivered} is
 * ignored. Terminal statuses are final; only an operator's retry re-queues {@code failed} or
 * {@code dead_lettered}.
 */
public final class StatusTransitions {
  private StatusTransitions() {}

  /** Whether the engine itself may move a message from {@code from} to {@code to}. */
  public static boolean engineMayMove(MessageStatus from, MessageStatus to) {
    return switch (from) {
      case SCHEDULED -> to == MessageStatus.QUEUED || to == MessageStatus.CANCELED
          || to == MessageStatus.EXPIRED;
      case QUEUED -> to == MessageStatus.SENDING || to == MessageStatus.CANCELED
          || to == MessageStatus.EXPIRED || to == MessageStatus.SUPPRESSED;
      case SENDING -> to == MessageStatus.QUEUED || to == MessageStatus.SENT || to == MessageStatus.DELIVERED
          || to == MessageStatus.FAILED || to == MessageStatus.DEAD_LETTERED
          || to == MessageStatus.EXPIRED || to == MessageStatus.SUPPRESSED;
      case SENT, DELIVERED, READ, UNDELIVERED, FAILED, DEAD_LETTERED, CANCELED, EXPIRED,
          SUPPRESSED -> false;
    };
  }

  /**
   * Whether a provider's status report may move a message from {@code from} to {@code reported}.
   * Forward by rank only; terminal statuses never change; applying the same report twice is a
   * no-op because the second finds the message already there.
   *
   * <p>A report that the provider took the message ({@code sent}, {@code delivered}, {@code read})
   * is evidence of a send even when our record of it is missing: a message still {@code queued}
   * (or {@code scheduled}) because a crash cut off the record of its send, or queued for a retry
   * after a timeout the provider had in fact accepted, moves forward instead of being sent again.
   * A failure report ({@code failed}, {@code undelivered}) applies only to a message the provider
   * has (or may have) taken, {@code sending} or {@code sent}: a waiting message keeps its retries.
   */
  public static boolean reportMayMove(MessageStatus from, MessageStatus reported) {
    if (from.isTerminal() || from == reported) {
      return false;
    }
    return switch (reported) {
      case SENT, DELIVERED, READ -> reported.rank() > from.rank();
      case UNDELIVERED, FAILED -> from == MessageStatus.SENDING || from == MessageStatus.SENT;
      case SCHEDULED, QUEUED, SENDING, DEAD_LETTERED, CANCELED, EXPIRED, SUPPRESSED -> false;
    };
  }

  /** Whether an operator may re-queue a message in this status ({@code POST …/retry}). */
  public static boolean operatorMayRetry(MessageStatus from) {
    return from == MessageStatus.FAILED || from == MessageStatus.DEAD_LETTERED;
  }

  /** Whether a caller may cancel a message in this status: only before it is handed to a worker. */
  public static boolean mayCancel(MessageStatus from) {
    return from.isWaiting();
  }
}
