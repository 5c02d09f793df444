package dev.herald.store.jdbc;

import dev.herald.core.message.DeliveryAttempt;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.store.Completion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes a batch of outcomes with two batched updates and one batched insert. Every update is
 * guarded by the claim (lease owner and attempt number), so an outcome whose lease was reaped and
 * re-claimed elsewhere changes nothing.
 *
 * <p>An accepted send moves {@code sending → sent} (or {@code delivered} when the provider's answer
 * confirms delivery), but a provider's report may already have moved
 * the message further (the simulator reports within milliseconds): then the status is left as it
 * is and only the provider's id and cost are recorded.
 */
final class CompletionBatch {
  private static final String ACCEPTED =
      "UPDATE messages SET status = CASE WHEN status = 'sending' THEN ? ELSE status END, "
          + "timeline = timeline || CASE WHEN status = 'sending' THEN ? ELSE '' END, "
          + "provider = ?, provider_message_id = ?, cost = COALESCE(cost, ?), cost_currency = COALESCE(cost_currency, ?), "
          + "error_code = NULL, error_reason = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ? "
          + "WHERE id = ? AND lease_owner = ? AND attempts = ?";
  private static final String OTHER =
      "UPDATE messages SET status = ?, due_at = COALESCE(?, due_at), timeline = timeline || ?, provider = COALESCE(?, provider), "
          + "attempts = attempts - ?, "
          + "error_code = ?, error_reason = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? "
          + "WHERE id = ? AND status = 'sending' AND lease_owner = ? AND attempts = ?";
  private static final String ATTEMPT =
      "INSERT INTO delivery_attempts (message_id, attempt, provider, started_at, duration_ms, outcome, error_code, "
          + "reason, http_status, node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private CompletionBatch() {}

  static int write(Connection c, List<Completion> completions) throws SQLException {
    try (PreparedStatement accepted = c.prepareStatement(ACCEPTED);
        PreparedStatement other = c.prepareStatement(OTHER);
        PreparedStatement attempts = c.prepareStatement(ATTEMPT)) {
      boolean anyAccepted = false;
      boolean anyOther = false;
      boolean anyAttempt = false;
      for (Completion done : completions) {
        if (done.status() == MessageStatus.SENT || done.status() == MessageStatus.DELIVERED) {
          bindAccepted(accepted, done);
          accepted.addBatch();
          anyAccepted = true;
        } else {
          bindOther(other, done);
          other.addBatch();
          anyOther = true;
        }
        for (DeliveryAttempt a : done.deliveryAttempts()) {
          bindAttempt(attempts, a);
          attempts.addBatch();
          anyAttempt = true;
        }
      }
      int applied = 0;
      if (anyAccepted) {
        applied += count(accepted.executeBatch());
      }
      if (anyOther) {
        applied += count(other.executeBatch());
      }
      if (anyAttempt) {
        attempts.executeBatch();
      }
      return applied;
    }
  }

  private static void bindAccepted(PreparedStatement ps, Completion d) throws SQLException {
    ps.setString(1, d.status().wireName());
    ps.setString(2, Timeline.entry(d.at(), MessageStatus.SENDING, d.status(), d.reason()));
    ps.setString(3, d.provider());
    ps.setString(4, d.providerMessageId());
    ps.setString(5, d.cost() == null ? null : d.cost().toPlainString());
    ps.setString(6, d.costCurrency());
    ps.setLong(7, d.at().toEpochMilli());
    ps.setString(8, d.messageId());
    ps.setString(9, d.node());
    ps.setInt(10, d.attempt());
  }

  private static void bindOther(PreparedStatement ps, Completion d) throws SQLException {
    ps.setString(1, d.status().wireName());
    Rows.setInstant(ps, 2, d.dueAt());
    ps.setString(3, Timeline.entry(d.at(), MessageStatus.SENDING, d.status(), d.reason()));
    ps.setString(4, d.provider());
    ps.setInt(5, d.refundAttempt() ? 1 : 0);
    ps.setString(6, d.refundAttempt() ? null : d.errorCode());
    ps.setString(7, d.refundAttempt() ? null : d.reason());
    ps.setLong(8, d.at().toEpochMilli());
    ps.setString(9, d.messageId());
    ps.setString(10, d.node());
    ps.setInt(11, d.attempt());
  }

  private static void bindAttempt(PreparedStatement ps, DeliveryAttempt a) throws SQLException {
    ps.setString(1, a.messageId());
    ps.setInt(2, a.attempt());
    ps.setString(3, a.provider());
    ps.setLong(4, a.startedAt().toEpochMilli());
    ps.setLong(5, a.durationMillis());
    ps.setString(6, a.outcome());
    ps.setString(7, a.errorCode());
    ps.setString(8, a.reason());
    ps.setInt(9, a.httpStatus());
    ps.setString(10, a.node());
  }

  private static int count(int[] results) {
    int n = 0;
    for (int r : results) {
      n += r == PreparedStatement.SUCCESS_NO_INFO ? 1 : Math.max(r, 0);
    }
    return n;
  }
}
