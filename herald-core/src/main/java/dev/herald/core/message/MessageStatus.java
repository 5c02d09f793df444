package dev.herald.core.message;

import java.util.Locale;

/**
 * Where a message stands (DESIGN §3). The rank orders the happy path; terminal statuses are final
 * except through an operator's explicit retry. Transitions are decided by {@link StatusTransitions}.
 */
public enum MessageStatus {
  SCHEDULED(0, false),
  QUEUED(10, false),
  SENDING(20, false),
  SENT(30, false),
  DELIVERED(40, false),
  READ(50, true),
  UNDELIVERED(45, true),
  FAILED(60, true),
  DEAD_LETTERED(60, true),
  CANCELED(60, true),
  EXPIRED(60, true),
  SUPPRESSED(60, true);

  private final int rank;
  private final boolean terminal;

  MessageStatus(int rank, boolean terminal) {
    this.rank = rank;
    this.terminal = terminal;
  }

  /** Position on the forward-only path; a report never moves a message to a lower rank. */
  public int rank() {
    return rank;
  }

  /** True when no further change can come from the engine or a provider. */
  public boolean isTerminal() {
    return terminal;
  }

  /** True for {@code queued} and {@code scheduled}: in the queue, waiting for a worker to claim it. */
  public boolean isWaiting() {
    return this == QUEUED || this == SCHEDULED;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; {@code null} when unknown. */
  public static MessageStatus fromWire(String value) {
    if (value == null) {
      return null;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
