package dev.herald.store.jdbc;

import dev.herald.core.message.Content;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Guarded single-row status changes: each update names the status it expects, as read
 * ({@link Rows#STATUS_AS_READ}), so a concurrent change (a claim, another node, a provider
 * report) makes it match nothing instead of overwriting.
 */
final class Transitions {
  private Transitions() {}

  /** Moves {@code m} from its current status to {@code to}; false when the status changed meanwhile. */
  static boolean move(Connection c, Message m, MessageStatus to, Instant now, String reason, String errorCode,
      String errorReason) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE messages SET status = ?, updated_at = ?, timeline = timeline || ?, "
            + "error_code = COALESCE(?, error_code), error_reason = COALESCE(?, error_reason) "
            + "WHERE id = ? AND " + Rows.STATUS_AS_READ + " = ?")) {
      ps.setString(1, to.wireName());
      ps.setLong(2, now.toEpochMilli());
      ps.setString(3, Timeline.entry(now, m.status(), to, reason));
      ps.setString(4, errorCode);
      ps.setString(5, errorReason);
      ps.setString(6, m.id());
      ps.setString(7, m.status().wireName());
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * An operator's retry: back to queued, due now, with edited content and a fresh budget of
   * {@code maxAttempts} attempts counted from here ({@code attempts_before_retry}); the attempt
   * count goes on, so the next attempt's number follows the last one's.
   */
  static boolean requeue(Connection c, Message m, Content content, int maxAttempts, String retriedBy, Instant now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE messages SET status = 'queued', due_at = ?, updated_at = ?, max_attempts = ?, "
            + "attempts_before_retry = attempts, body = ?, subject = ?, html = ?, error_code = NULL, error_reason = NULL, "
            + "lease_owner = NULL, lease_until = NULL, timeline = timeline || ? "
            + "WHERE id = ? AND " + Rows.STATUS_AS_READ + " = ?")) {
      ps.setLong(1, now.toEpochMilli());
      ps.setLong(2, now.toEpochMilli());
      ps.setInt(3, maxAttempts);
      ps.setString(4, content.text());
      ps.setString(5, content.subject());
      ps.setString(6, content.html());
      ps.setString(7, Timeline.entry(now, m.status(), MessageStatus.QUEUED,
          Timeline.retriedBy(retriedBy, !content.equals(m.content()), maxAttempts, m.attempts() + 1)));
      ps.setString(8, m.id());
      ps.setString(9, m.status().wireName());
      return ps.executeUpdate() == 1;
    }
  }
}
