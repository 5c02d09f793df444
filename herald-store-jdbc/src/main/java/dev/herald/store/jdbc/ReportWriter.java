package dev.herald.store.jdbc;

import dev.herald.core.error.UnavailableException;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Stores a provider's status report as a message event and applies it, in one transaction. Every
 * callback is kept raw; one whose (provider, event key) was seen before is stored as a duplicate
 * and changes nothing. The move itself is decided by {@link StatusTransitions#reportMayMove} and
 * guarded by the status read (and, for a claim a restart holds, by its attempt number); a
 * concurrent change makes the guard fail and the report is re-decided.
 *
 * <p>Reports arriving together are applied in one transaction ({@link GroupCommit}) with a fixed
 * number of statements ({@link #applyAll}): a provider reporting thousands of deliveries a second
 * costs a few commits and a few statements each, not thousands. Within a group the messages are
 * moved in id order, the order other batched writers lock them in too.
 */
final class ReportWriter implements AutoCloseable {
  private static final int MAX_RACES = 20;
  /** The group could not decide the report: its message changed meanwhile; nothing was stored. */
  private static final Outcome RACED = new Outcome(null, null);
  private static final int MAX_GROUP = 512;

  private record Pending(StatusReport report, Instant now) {}

  private final GroupCommit<Pending, Outcome> group;

  /** Waits for this node's attempt in flight on a message, if any, to be recorded. */
  @FunctionalInterface
  interface AttemptWait {
    /** @return false when the attempt is still in flight after {@code max} (its lease still running) */
    boolean await(String messageId, Duration max);
  }

  private final AttemptWait awaitAttempt;
  private final Database db;
  /** The claim a restart holds on a message id, written nowhere yet; null on PostgreSQL. */
  private final Function<String, EmbeddedLeases.Lease> heldClaim;

  /**
   * @param awaitAttempt waits for the outcome of this node's attempt in flight on the message id
   *     it is given (returns at once when there is none), at most the time it is given
   * @param heldClaim gives the claim a previous process left in flight on a message id and this
   *     one holds ({@link EmbeddedLeases#held}), or null when there is none; null itself on
   *     PostgreSQL, which holds none: a report judges such a message as {@code sending}, as it
   *     would a row leased in PostgreSQL, and its move writes the claim too
   */
  ReportWriter(Database db, AttemptWait awaitAttempt, Function<String, EmbeddedLeases.Lease> heldClaim) {
    this.db = db;
    this.awaitAttempt = awaitAttempt;
    this.heldClaim = heldClaim;
    // A repeated callback carries the same ids as the first, so it goes to the same writer thread
    // and is always judged against the first one's committed event (two concurrent transactions
    // could not see each other's). Reports naming one message differently may take two threads;
    // their moves are still serialised by the row locks.
    this.group = GroupCommit.partitioned(db, "herald-report-writer", MAX_GROUP, 4,
        p -> p.report().providerMessageId() != null ? p.report().providerMessageId() : p.report().messageId(),
        (c, pending) -> applyAll(c, pending, db.dialect, heldClaim));
  }

  /**
   * Stores and applies {@code r}. A report whose message changed while its group was deciding is
   * decided again in a later group, against the committed change (each such race means the message
   * moved forward, and the state machine has few steps, so this ends).
   *
   * <p>A report naming a message whose attempt this node has in flight first waits for that
   * attempt's outcome to be recorded (at most the store's wait; the lease's length if that is
   * shorter, after which the report is judged as things are).
   *
   * @throws UnavailableException when the attempt's outcome is not recorded within the store's
   *     wait (the database is down or not keeping up), or the database is unavailable
   * @throws IllegalStateException when the message kept changing under {@value #MAX_RACES} groups
   */
  Outcome apply(StatusReport r, Instant now) {
    // A report of a send this node has not recorded yet is judged once it is: on the embedded
    // store the file still says waiting, on PostgreSQL the row lock would be raced.
    if (r.messageId() != null && !awaitAttempt.await(r.messageId(), db.timeout)) {
      throw new UnavailableException(UnavailableException.DATABASE_UNAVAILABLE, "the outcome of the send this report "
          + "is about was not recorded within " + db.timeout.toMillis() + " ms; the database is not keeping up",
          db.retryAfter(), null);
    }
    for (int race = 0; race < MAX_RACES; race++) {
      Outcome o = group.submit(new Pending(r, now));
      if (o != RACED) {
        return o;
      }
    }
    throw new IllegalStateException("message of report " + r.eventKey() + " kept changing while the report was applied");
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
   * reports answered {@link #RACED}, stored nowhere, and {@link #apply} hands them to a later group.
   * Nothing here waits for a row lock out of id order.
   */
  private static List<Outcome> applyAll(Connection c, List<Pending> pending, Dialect dialect,
      Function<String, EmbeddedLeases.Lease> heldClaim) throws SQLException {
    Integer[] order = new Integer[pending.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing(i -> pending.get(i).report().messageId(), Comparator.nullsLast(Comparator.naturalOrder())));
    Set<List<String>> seen = storedKeys(c, pending);
    Map<String, Message> messages = messages(c, pending, dialect);
    // Claims a restart holds (embedded store): the file still says waiting; judged as sending.
    Map<String, EmbeddedLeases.Lease> held = new HashMap<>();
    Map<String, MessageStatus> inFile = new HashMap<>();
    for (Message m : heldClaim == null ? List.<Message>of() : List.copyOf(messages.values())) {
      EmbeddedLeases.Lease lease = heldClaim.apply(m.id());
      if (lease != null && m.status().isWaiting() && m.attempts() == lease.attempt - 1 && !held.containsKey(m.id())) {
        held.put(m.id(), lease);
        inFile.put(m.id(), m.status());
        put(messages, m.claimed(lease.attempt, lease.claimedAt, lease.changes()));
      }
    }
    Map<List<String>, String> firstMatched = new HashMap<>();
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
      List<String> key = List.of(r.provider(), r.eventKey());
      if (seen.contains(key)) {
        results[i] = new Outcome(Result.DUPLICATE, null);
        // A repeat of a report of this group takes the first one's message, so that if the first
        // has to be decided again (its message changed), the repeat goes back with it.
        matched[i] = firstMatched.getOrDefault(key, m != null ? m.id() : r.messageId());
        continue;
      }
      if (m == null) {
        results[i] = new Outcome(Result.UNMATCHED, null);
        continue;
      }
      seen.add(key);
      firstMatched.put(key, m.id());
      matched[i] = m.id();
      MessageStatus to = decide(m, r);
      if (to == null) {
        results[i] = new Outcome(Result.IGNORED, m);
        continue;
      }
      moves.computeIfAbsent(m.id(), id -> held.containsKey(id) ? new Move(inFile.get(id), held.get(id))
          : new Move(messages.get(id).status(), null)).add(r, m.status(), to, now);
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
        results[i] = RACED;
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

    /** The held claim this move writes first (its attempt and timeline entries), or null. */
    final EmbeddedLeases.Lease claim;

    Move(MessageStatus from, EmbeddedLeases.Lease claim) {
      this.from = from;
      this.claim = claim;
      if (claim != null) {
        timeline.append(claim.claimEntries());
      }
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
            + "cost = COALESCE(?, cost), cost_currency = CASE WHEN ? IS NULL THEN cost_currency ELSE ? END, "
            + "attempts = COALESCE(?, attempts) "
            + "WHERE id = ? AND " + Rows.STATUS_AS_READ + " = ? AND attempts = COALESCE(?, attempts)")) {
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
        // A held claim is written with the move, guarded like its reaping: still the attempt before it.
        ps.setObject(9, mv.claim == null ? null : mv.claim.attempt, java.sql.Types.INTEGER);
        ps.setString(10, e.getKey());
        ps.setString(11, mv.from.wireName());
        ps.setObject(12, mv.claim == null ? null : mv.claim.attempt - 1, java.sql.Types.INTEGER);
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
    return new HashSet<>(Sql.queryIn(c, "SELECT provider, event_key FROM message_events WHERE outcome <> 'unmatched' "
        + "AND (provider, event_key)", List.copyOf(keys), "", rs -> List.of(rs.getString(1), rs.getString(2))));
  }

  /**
   * The group's messages as they are now, keyed by id and, for reports that name only the
   * provider's id, by {@link #byProvider}. Read without locks: the moves are guarded by status.
   */
  private static Map<String, Message> messages(Connection c, List<Pending> pending, Dialect dialect) throws SQLException {
    Map<String, Message> out = new HashMap<>();
    Set<List<String>> ids = new LinkedHashSet<>();
    for (Pending p : pending) {
      if (p.report().messageId() != null) {
        ids.add(List.of(p.report().messageId()));
      }
    }
    String select = "SELECT " + Rows.sendColumns(dialect) + " FROM messages WHERE ";
    Sql.queryIn(c, select + "id", List.copyOf(ids), "", rs -> Rows.sendMessage(dialect, rs)).forEach(m -> put(out, m));
    Set<List<String>> providerIds = new LinkedHashSet<>();
    for (Pending p : pending) {
      StatusReport r = p.report();
      if ((r.messageId() == null || !out.containsKey(r.messageId())) && r.providerMessageId() != null) {
        providerIds.add(List.of(r.providerMessageId(), r.provider()));
      }
    }
    // "IS NOT NULL" lets SQLite use the partial index on provider_message_id.
    Sql.queryIn(c, select + "provider_message_id IS NOT NULL AND (provider_message_id, provider)", List.copyOf(providerIds),
        "", rs -> Rows.sendMessage(dialect, rs)).forEach(m -> put(out, m));
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

  private static final String INSERT_EVENT =
      "INSERT INTO message_events (id, message_id, provider, provider_message_id, event_key, event_type, status, outcome, "
          + "payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

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

}
