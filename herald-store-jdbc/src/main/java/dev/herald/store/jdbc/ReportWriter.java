package dev.herald.store.jdbc;

import dev.herald.core.message.Message;
import dev.herald.core.message.MessageIds;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.StatusTransitions;
import dev.herald.core.provider.StatusReport;
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

  private final GroupCommit<Pending, Result> group;

  ReportWriter(Database db) {
    this.group = new GroupCommit<>(db, "herald-report-writer", MAX_GROUP, 4, ReportWriter::applyAll);
  }

  Result apply(StatusReport r, Instant now) {
    return group.submit(new Pending(r, now));
  }

  @Override
  public void close() {
    group.close();
  }

  private static List<Result> applyAll(Connection c, List<Pending> pending) throws SQLException {
    Integer[] order = new Integer[pending.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing(i -> pending.get(i).report().messageId(), Comparator.nullsLast(Comparator.naturalOrder())));
    Result[] results = new Result[order.length];
    for (int i : order) {
      results[i] = applyOne(c, pending.get(i).report(), pending.get(i).now());
    }
    return Arrays.asList(results);
  }

  private static Result applyOne(Connection c, StatusReport r, Instant now) throws SQLException {
    String eventId = MessageIds.next();
    boolean seen = seenBefore(c, r);
    insertEvent(c, eventId, r, now);
    if (seen) {
      return mark(c, eventId, r.messageId(), Result.DUPLICATE);
    }
    for (int race = 0; race < MAX_RACES; race++) {
      Optional<Message> found = find(c, r);
      if (found.isEmpty()) {
        return mark(c, eventId, null, Result.UNMATCHED);
      }
      Message m = found.get();
      MessageStatus to = r.status();
      // After a failover, a late report from the provider that lost the attempt must not decide the
      // fate of the message another provider is carrying.
      boolean otherProvider = m.provider() != null && !m.provider().equals(r.provider());
      if (to == null || otherProvider || !StatusTransitions.reportMayMove(m.status(), to)) {
        return mark(c, eventId, m.id(), Result.IGNORED);
      }
      boolean failure = to == MessageStatus.FAILED || to == MessageStatus.UNDELIVERED;
      String reason = r.provider() + " reported " + (r.eventType() == null ? to.wireName() : r.eventType())
          + (r.reason() != null ? ": " + r.reason() : "");
      if (Transitions.move(c, m, to, now, reason, failure ? r.errorCode() : null, failure ? r.reason() : null)) {
        recordPrice(c, m.id(), r);
        return mark(c, eventId, m.id(), Result.APPLIED);
      }
    }
    return mark(c, eventId, null, Result.IGNORED);
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

  private static void insertEvent(Connection c, String id, StatusReport r, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO message_events (id, message_id, provider, provider_message_id, event_key, event_type, status, outcome, "
            + "payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'received', ?, ?)")) {
      ps.setString(1, id);
      ps.setString(2, r.messageId());
      ps.setString(3, r.provider());
      ps.setString(4, r.providerMessageId());
      ps.setString(5, r.eventKey());
      ps.setString(6, r.eventType());
      ps.setString(7, r.status() == null ? null : r.status().wireName());
      ps.setString(8, r.payload());
      ps.setLong(9, now.toEpochMilli());
      ps.executeUpdate();
    }
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

  private static Result mark(Connection c, String eventId, String messageId, Result result) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE message_events SET outcome = ?, message_id = COALESCE(?, message_id) WHERE id = ?")) {
      ps.setString(1, result.name().toLowerCase());
      ps.setString(2, messageId);
      ps.setString(3, eventId);
      ps.executeUpdate();
    }
    return result;
  }
}
