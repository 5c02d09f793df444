package dev.herald.store.jdbc;

import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.StatusChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact timeline encoding kept in {@code messages.timeline}: one line per status change,
 * {@code epochMillis|from|to|reason\n}, appended with {@code ||} in the same statement that changes
 * the status. One column instead of a row per change keeps a message's write path to one row.
 */
final class Timeline {
  /** The reason recorded when a lease ran out before its attempt's outcome was written. */
  static final String LEASE_EXPIRED = "lease expired; node presumed dead";

  private Timeline() {}

  /** One encoded entry; {@code from} may be null for the message's creation. */
  static String entry(Instant at, MessageStatus from, MessageStatus to, String reason) {
    String r = reason == null ? "" : reason.replace('\n', ' ').replace('\r', ' ');
    return at.toEpochMilli() + "|" + (from == null ? "" : from.wireName()) + "|" + to.wireName() + "|" + r + "\n";
  }

  /** The reason recorded when {@code node} claims a message. */
  static String claimedBy(String node) {
    return "claimed by " + node;
  }

  /**
   * The reason recorded for an operator's retry: who retried ({@code by}, or nobody named), whether
   * the content was edited, and the budget granted from attempt {@code firstAttempt} on.
   */
  static String retriedBy(String by, boolean edited, int maxAttempts, int firstAttempt) {
    return "retried by operator" + (by == null ? "" : " (" + by + ")") + (edited ? " with edited content" : "")
        + "; fresh retry budget: " + maxAttempts + (maxAttempts == 1 ? " attempt" : " attempts") + " from attempt "
        + firstAttempt;
  }

  static List<StatusChange> decode(String encoded) {
    List<StatusChange> changes = new ArrayList<>();
    if (encoded == null) {
      return changes;
    }
    for (String line : encoded.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] p = line.split("\\|", 4);
      changes.add(new StatusChange(Instant.ofEpochMilli(Long.parseLong(p[0])),
          p[1].isEmpty() ? null : MessageStatus.fromWire(p[1]), MessageStatus.fromWire(p[2]),
          p.length > 3 ? p[3] : ""));
    }
    return changes;
  }
}
