package dev.herald.store.jdbc;

import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.StatusTransitions;
import dev.herald.core.store.Completion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reports that arrived before our own record of the send. A provider whose callbacks carry only
 * its own message id (WhatsApp) can report within milliseconds, before the completion writer has
 * stored that id: such a report is kept as {@code unmatched}. When a completion then records the
 * provider's id, the waiting reports for it are applied through the state machine, oldest first,
 * in the same transaction.
 */
final class EarlyReports {
  private record Waiting(String eventId, String provider, String providerMessageId, String eventType, MessageStatus status) {}

  private EarlyReports() {}

  /**
   * One indexed probe per batch, the same statement every time (the index holds only unmatched
   * events, almost always none); only when some wait, one look-up of the batch's provider ids.
   */
  static void apply(Connection c, List<Completion> completions, Instant now) throws SQLException {
    if (!anyWaiting(c)) {
      return;
    }
    Map<String, Completion> byProviderId = new HashMap<>();
    for (Completion done : completions) {
      if (done.providerMessageId() != null && done.provider() != null) {
        byProviderId.put(done.providerMessageId(), done);
      }
    }
    if (byProviderId.isEmpty()) {
      return;
    }
    for (Waiting w : waiting(c, byProviderId.keySet())) {
      Completion done = byProviderId.get(w.providerMessageId());
      if (done.provider().equals(w.provider())) {
        applyOne(c, done, w, now);
      }
    }
  }

  private static boolean anyWaiting(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM message_events WHERE outcome = 'unmatched' AND provider_message_id IS NOT NULL LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  private static List<Waiting> waiting(Connection c, Set<String> providerIds) throws SQLException {
    String marks = String.join(", ", java.util.Collections.nCopies(providerIds.size(), "?"));
    try (PreparedStatement ps = c.prepareStatement("SELECT id, provider, provider_message_id, event_type, status "
        + "FROM message_events WHERE outcome = 'unmatched' AND provider_message_id IN (" + marks + ") ORDER BY received_at, id")) {
      int i = 1;
      for (String id : providerIds) {
        ps.setString(i++, id);
      }
      List<Waiting> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Waiting(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              MessageStatus.fromWire(rs.getString(5))));
        }
      }
      return out;
    }
  }

  private static void applyOne(Connection c, Completion done, Waiting w, Instant now) throws SQLException {
    Optional<Message> found = JdbcMessageStore.one(c, false, "SELECT " + Rows.SEND_COLUMNS
        + " FROM messages WHERE id = ? AND provider_message_id = ?", done.messageId(), done.providerMessageId());
    String outcome = "ignored";
    if (found.isPresent() && w.status() != null && StatusTransitions.reportMayMove(found.get().status(), w.status())) {
      boolean failure = w.status() == MessageStatus.FAILED || w.status() == MessageStatus.UNDELIVERED;
      String reason = done.provider() + " reported " + (w.eventType() == null ? w.status().wireName() : w.eventType())
          + " (before its send was recorded)";
      if (Transitions.move(c, found.get(), w.status(), now, reason, null, failure ? reason : null)) {
        outcome = "applied";
      }
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE message_events SET outcome = ?, message_id = ? WHERE id = ?")) {
      ps.setString(1, outcome);
      ps.setString(2, done.messageId());
      ps.setString(3, w.eventId());
      ps.executeUpdate();
    }
  }
}
