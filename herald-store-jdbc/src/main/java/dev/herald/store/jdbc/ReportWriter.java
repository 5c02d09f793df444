package dev.herald.store.jdbc;

import dev.herald.core.message.Message;
import dev.herald.core.message.MessageIds;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.StatusTransitions;
import dev.herald.core.provider.StatusReport;
import dev.herald.core.provider.StatusReportSink.Outcome;
import dev.herald.core.provider.StatusReportSink.Result;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Stores a provider's status report as a message event and applies it, in one transaction. Every
 * callback is kept raw; one whose (provider, event key) was seen before is stored as a duplicate
 * and changes nothing. The move itself is decided by {@link StatusTransitions#reportMayMove} and
 * guarded by the status read; a concurrent change makes the guard fail and the report is re-decided.
 *
 * <p>Reports arriving together are applied in one transaction ({@link GroupCommit}): a provider
 * reporting thousands of deliveries a second costs a few commits, not thousands. Within a group the
 * messages are visited in id order, the order other batched writers lock them in too.
 */
final class ReportWriter implements AutoCloseable {
  private static final int MAX_RACES = 5;
  private static final int MAX_GROUP = 512;

  private record Pending(StatusReport report, Instant now) {}

  private final GroupCommit<Pending, Outcome> group;

  ReportWriter(Database db) {
    this.group = new GroupCommit<>(db, "herald-report-writer", MAX_GROUP, 4, ReportWriter::applyAll);
  }

  Outcome apply(StatusReport r, Instant now) {
    return group.submit(new Pending(r, now));
  }

  @Override
  public void close() {
    group.close();
  }

  private static List<Outcome> applyAll(Connection c, List<Pending> pending) throws SQLException {
    Integer[] order = new Integer[pending.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing(i -> pending.get(i).report().messageId(), Comparator.nullsLast(Comparator.naturalOrder())));
    Outcome[] results = new Outcome[order.length];
    for (int i : order) {
      results[i] = applyOne(c, pending.get(i).report(), pending.get(i).now());
    }
    return Arrays.asList(results);
  }

  /**
   * Decides first, then stores the event once with its outcome (four statements for an applied
   * report: the duplicate check, the message read, its guarded move, the event insert).
   */
  private static Outcome applyOne(Connection c, StatusReport r, Instant now) throws SQLException {
    if (seenBefore(c, r)) {
      return stored(c, r, now, r.messageId(), Result.DUPLICATE, null);
    }
    for (int race = 0; race < MAX_RACES; race++) {
      Optional<Message> found = find(c, r);
      if (found.isEmpty()) {
        return stored(c, r, now, null, Result.UNMATCHED, null);
      }
      Message m = found.get();
      MessageStatus to = r.status();
      // After a failover, a late report from the provider that lost the attempt must not decide the
      // fate of the message another provider is carrying.
      boolean otherProvider = m.provider() != null && !m.provider().equals(r.provider());
      if (to == null || otherProvider || !StatusTransitions.reportMayMove(m.status(), to)) {
        return stored(c, r, now, m.id(), Result.IGNORED, m);
      }
      boolean failure = to == MessageStatus.FAILED || to == MessageStatus.UNDELIVERED;
      String reason = r.provider() + " reported " + (r.eventType() == null ? to.wireName() : r.eventType())
          + (r.reason() != null ? ": " + r.reason() : "");
      if (Transitions.move(c, m, to, now, reason, failure ? r.errorCode() : null, failure ? r.reason() : null)) {
        recordPrice(c, m.id(), r);
        return stored(c, r, now, m.id(), Result.APPLIED, m);
      }
    }
    return stored(c, r, now, r.messageId(), Result.IGNORED, null);
  }

  private static boolean seenBefore(Connection c, StatusReport r) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM message_events WHERE provider = ? AND event_key = ? AND outcome <> 'unmatched' LIMIT 1")) {
      ps.setString(1, r.provider());
      ps.setString(2, r.eventKey());
      try (var rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Stores the report as a message event with what applying it did. */
  private static Outcome stored(Connection c, StatusReport r, Instant now, String messageId, Result result, Message m)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO message_events (id, message_id, provider, provider_message_id, event_key, event_type, status, outcome, "
            + "payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, MessageIds.next());
      ps.setString(2, messageId != null ? messageId : r.messageId());
      ps.setString(3, r.provider());
      ps.setString(4, r.providerMessageId());
      ps.setString(5, r.eventKey());
      ps.setString(6, r.eventType());
      ps.setString(7, r.status() == null ? null : r.status().wireName());
      ps.setString(8, result.name().toLowerCase(java.util.Locale.ROOT));
      ps.setString(9, r.payload());
      ps.setLong(10, now.toEpochMilli());
      ps.executeUpdate();
    }
    return new Outcome(result, m);
  }

  private static Optional<Message> find(Connection c, StatusReport r) throws SQLException {
    if (r.messageId() != null) {
      Optional<Message> byId = JdbcMessageStore.one(c, false, "SELECT " + Rows.SEND_COLUMNS + " FROM messages WHERE id = ?",
          r.messageId());
      if (byId.isPresent()) {
        return byId;
      }
    }
    if (r.providerMessageId() == null) {
      return Optional.empty();
    }
    return JdbcMessageStore.one(c, false, "SELECT " + Rows.SEND_COLUMNS
        + " FROM messages WHERE provider_message_id = ? AND provider = ?", r.providerMessageId(), r.provider());
  }

  private static void recordPrice(Connection c, String messageId, StatusReport r) throws SQLException {
    if (r.price() == null) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE messages SET cost = ?, cost_currency = ? WHERE id = ?")) {
      ps.setString(1, r.price().abs().toPlainString());
      ps.setString(2, r.priceCurrency());
      ps.setString(3, messageId);
      ps.executeUpdate();
    }
  }

}
