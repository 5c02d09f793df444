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
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Stores a provider's status report as a message event and applies it, in one transaction. Every
 * callback is kept raw; one whose (provider, event key) was seen before is stored as a duplicate
 * and changes nothing. The move itself is decided by {@link StatusTransitions#reportMayMove} and
 * guarded by the status read; a concurrent change makes the guard fail and the report is re-decided.
 *
 * <p>Reports arriving together are applied in one transaction ({@link GroupCommit}) with a fixed
 * number of statements ({@link #applyAll}): a provider reporting thousands of deliveries a second
 * costs a few commits and a few statements each, not thousands. Within a group the messages are
 * moved in id order, the order other batched writers lock them in too.
 */
final class ReportWriter implements AutoCloseable {
  private static final int MAX_RACES = 5;
  private static final int MAX_GROUP = 512;

  private record Pending(StatusReport report, Instant now) {}

  private final GroupCommit<Pending, Outcome> group;

  ReportWriter(Database db) {
    // Reports on one message (by the id the provider knows it by) go to one writer thread, so a
    // repeated callback is always judged against the first one's committed event.
    this.group = GroupCommit.partitioned(db, "herald-report-writer", MAX_GROUP, 4,
        p -> p.report().providerMessageId() != null ? p.report().providerMessageId() : p.report().messageId(),
        ReportWriter::applyAll);
  }

  Outcome apply(StatusReport r, Instant now) {
    return group.submit(new Pending(r, now));
  }

  @Override
  public void close() {
    group.close();
  }

  /**
   * Applies a group with a fixed number of statements whatever its size: one query for event keys
   * seen before, one or two for the messages reported on, one batch of guarded moves (one per
   * message, in id order, several reports on one message folded into one move), one batch of event
   * inserts. A message whose guarded move matched nothing (changed since it was read) has its
   * reports re-decided one by one.
   */
  private static List<Outcome> applyAll(Connection c, List<Pending> pending) throws SQLException {
    Integer[] order = new Integer[pending.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing(i -> pending.get(i).report().messageId(), Comparator.nullsLast(Comparator.naturalOrder())));
    Set<List<String>> seen = storedKeys(c, pending);
    Map<String, Message> messages = messages(c, pending);
    Outcome[] results = new Outcome[order.length];
    String[] matched = new String[order.length];
    Map<String, Move> moves = new TreeMap<>();
    for (int i : order) {
      StatusReport r = pending.get(i).report();
      Instant now = pending.get(i).now();
      Message m = r.messageId() != null ? messages.get(r.messageId()) : null;
      if (m == null && r.providerMessageId() != null) {
        m = messages.get(byProvider(r.provider(), r.providerMessageId()));
      }
      if (seen.contains(List.of(r.provider(), r.eventKey()))) {
        results[i] = new Outcome(Result.DUPLICATE, null);
        matched[i] = m != null ? m.id() : r.messageId();
        continue;
      }
      if (m == null) {
        results[i] = new Outcome(Result.UNMATCHED, null);
        continue;
      }
      seen.add(List.of(r.provider(), r.eventKey()));
      matched[i] = m.id();
      MessageStatus to = decide(m, r);
      if (to == null) {
        results[i] = new Outcome(Result.IGNORED, m);
        continue;
      }
      moves.computeIfAbsent(m.id(), id -> new Move(messages.get(id).status())).add(r, m.status(), to, now);
      results[i] = new Outcome(Result.APPLIED, m);
      Message moved = m.withStatus(to, now);
      messages.put(m.id(), moved);
      if (m.providerMessageId() != null) {
        messages.put(byProvider(m.provider(), m.providerMessageId()), moved);
      }
    }
    Set<String> raced = move(c, moves);
    List<Integer> stored = new ArrayList<>(order.length);
    for (int i : order) {
      if (!raced.contains(matched[i])) {
        stored.add(i);
      }
    }
    insertEvents(c, pending, stored, matched, results);
    for (int i : order) {
      if (raced.contains(matched[i])) {
        results[i] = applyOne(c, pending.get(i).report(), pending.get(i).now());
      }
    }
    return Arrays.asList(results);
  }

  /** The status {@code r} moves {@code m} to, or {@code null} when the state machine refuses it. */
  private static MessageStatus decide(Message m, StatusReport r) {
    MessageStatus to = r.status();
    // After a failover, a late report from the provider that lost the attempt must not decide the
    // fate of the message another provider is carrying.
    boolean otherProvider = m.provider() != null && !m.provider().equals(r.provider());
    return to == null || otherProvider || !StatusTransitions.reportMayMove(m.status(), to) ? null : to;
  }

  private static String reason(StatusReport r, MessageStatus to) {
    return r.provider() + " reported " + (r.eventType() == null ? to.wireName() : r.eventType())
        + (r.reason() != null ? ": " + r.reason() : "");
  }

  private static boolean isFailure(MessageStatus to) {
    return to == MessageStatus.FAILED || to == MessageStatus.UNDELIVERED;
  }

  /** The moves a group makes on one message, folded: first status expected, last status reached. */
  private static final class Move {
    final MessageStatus from;
    final StringBuilder timeline = new StringBuilder();
    MessageStatus to;
    Instant at;
    String errorCode;
    String errorReason;
    String cost;
    String costCurrency;

    Move(MessageStatus from) {
      this.from = from;
    }

    void add(StatusReport r, MessageStatus current, MessageStatus next, Instant now) {
      timeline.append(Timeline.entry(now, current, next, reason(r, next)));
      to = next;
      at = now;
      if (isFailure(next)) {
        errorCode = r.errorCode() != null ? r.errorCode() : errorCode;
        errorReason = r.reason() != null ? r.reason() : errorReason;
      }
      if (r.price() != null) {
        cost = r.price().abs().toPlainString();
        costCurrency = r.priceCurrency();
      }
    }
  }

  /** Runs the group's moves as one batch; returns the ids of messages that changed meanwhile. */
  private static Set<String> move(Connection c, Map<String, Move> moves) throws SQLException {
    Set<String> raced = new HashSet<>();
    if (moves.isEmpty()) {
      return raced;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE messages SET status = ?, updated_at = ?, timeline = timeline || ?, "
            + "error_code = COALESCE(?, error_code), error_reason = COALESCE(?, error_reason), "
            + "cost = COALESCE(?, cost), cost_currency = CASE WHEN ? IS NULL THEN cost_currency ELSE ? END "
            + "WHERE id = ? AND status = ?")) {
      for (Map.Entry<String, Move> e : moves.entrySet()) {
        Move mv = e.getValue();
        ps.setString(1, mv.to.wireName());
        ps.setLong(2, mv.at.toEpochMilli());
        ps.setString(3, mv.timeline.toString());
        ps.setString(4, mv.errorCode);
        ps.setString(5, mv.errorReason);
        ps.setString(6, mv.cost);
        ps.setString(7, mv.cost);
        ps.setString(8, mv.costCurrency);
        ps.setString(9, e.getKey());
        ps.setString(10, mv.from.wireName());
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      int k = 0;
      for (String id : moves.keySet()) {
        if (counts[k++] == 0) {
          raced.add(id);
        }
      }
      return raced;
    }
  }

  private static void insertEvents(Connection c, List<Pending> pending, List<Integer> indexes, String[] matched,
      Outcome[] results) throws SQLException {
    if (indexes.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
      for (int i : indexes) {
        StatusReport r = pending.get(i).report();
        bindEvent(ps, r, pending.get(i).now(), matched[i] != null ? matched[i] : r.messageId(), results[i].result());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Keys of the group's events stored before, as {@code [provider, event key]}. */
  private static Set<List<String>> storedKeys(Connection c, List<Pending> pending) throws SQLException {
    Set<List<String>> keys = new LinkedHashSet<>();
    for (Pending p : pending) {
      keys.add(List.of(p.report().provider(), p.report().eventKey()));
    }
    String sql = "SELECT provider, event_key FROM message_events WHERE outcome <> 'unmatched' AND (provider, event_key) IN ";
    return new HashSet<>(query(c, sql, keys, rs -> List.of(rs.getString(1), rs.getString(2))));
  }

  /**
   * The group's messages as they are now, keyed by id and, for reports that name only the
   * provider's id, by {@link #byProvider}.
   */
  private static Map<String, Message> messages(Connection c, List<Pending> pending) throws SQLException {
    Map<String, Message> out = new HashMap<>();
    Set<List<String>> ids = new LinkedHashSet<>();
    for (Pending p : pending) {
      if (p.report().messageId() != null) {
        ids.add(List.of(p.report().messageId()));
      }
    }
    String select = "SELECT " + Rows.SEND_COLUMNS + " FROM messages WHERE ";
    query(c, select + "id IN ", ids, rs -> Rows.message(rs, false)).forEach(m -> put(out, m));
    Set<List<String>> providerIds = new LinkedHashSet<>();
    for (Pending p : pending) {
      StatusReport r = p.report();
      if ((r.messageId() == null || !out.containsKey(r.messageId())) && r.providerMessageId() != null) {
        providerIds.add(List.of(r.providerMessageId(), r.provider()));
      }
    }
    query(c, select + "(provider_message_id, provider) IN ", providerIds, rs -> Rows.message(rs, false)).forEach(m -> put(out, m));
    return out;
  }

  private static void put(Map<String, Message> out, Message m) {
    out.put(m.id(), m);
    if (m.providerMessageId() != null) {
      out.put(byProvider(m.provider(), m.providerMessageId()), m);
    }
  }

  /** The key under which a message is found by its provider's id (never a message id: those have no NUL). */
  private static String byProvider(String provider, String providerMessageId) {
    return provider + '\0' + providerMessageId;
  }

  /** The rows of {@code sql + "(VALUES (?, ?), …)"} over {@code keys} (tuples of one width), in chunks. */
  private static <T> List<T> query(Connection c, String sql, Set<List<String>> keys, Sql.RowMapper<T> row) throws SQLException {
    List<T> out = new ArrayList<>();
    List<List<String>> all = List.copyOf(keys);
    for (int from = 0; from < all.size(); from += MAX_GROUP) {
      List<List<String>> chunk = all.subList(from, Math.min(all.size(), from + MAX_GROUP));
      int width = chunk.get(0).size();
      String tuple = "(" + String.join(", ", Collections.nCopies(width, "?")) + ")";
      try (PreparedStatement ps = c.prepareStatement(sql + "(VALUES " + String.join(", ", Collections.nCopies(chunk.size(), tuple)) + ")")) {
        int k = 1;
        for (List<String> key : chunk) {
          for (String v : key) {
            ps.setString(k++, v);
          }
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(row.map(rs));
          }
        }
      }
    }
    return out;
  }

  /**
   * One report alone, re-reading what it needs (for a report whose message changed while its group
   * was being decided): the duplicate check, the message read, its guarded move, the event insert.
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
      MessageStatus to = decide(m, r);
      if (to == null) {
        return stored(c, r, now, m.id(), Result.IGNORED, m);
      }
      boolean failure = isFailure(to);
      String reason = reason(r, to);
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

  private static final String INSERT_EVENT =
      "INSERT INTO message_events (id, message_id, provider, provider_message_id, event_key, event_type, status, outcome, "
          + "payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Stores the report as a message event with what applying it did. */
  private static Outcome stored(Connection c, StatusReport r, Instant now, String messageId, Result result, Message m)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
      bindEvent(ps, r, now, messageId != null ? messageId : r.messageId(), result);
      ps.executeUpdate();
    }
    return new Outcome(result, m);
  }

  private static void bindEvent(PreparedStatement ps, StatusReport r, Instant now, String messageId, Result result)
      throws SQLException {
    ps.setString(1, MessageIds.next());
    ps.setString(2, messageId);
    ps.setString(3, r.provider());
    ps.setString(4, r.providerMessageId());
    ps.setString(5, r.eventKey());
    ps.setString(6, r.eventType());
    ps.setString(7, r.status() == null ? null : r.status().wireName());
    ps.setString(8, result.name().toLowerCase(java.util.Locale.ROOT));
    ps.setString(9, r.payload());
    ps.setLong(10, now.toEpochMilli());
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
