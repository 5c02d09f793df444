package dev.herald.store.jdbc;

import dev.herald.core.message.DeliveryAttempt;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.store.Completion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Writes a batch of outcomes with two batched updates and one batched insert. Every update is
 * guarded by the claim (lease owner and attempt number), so an outcome whose lease ran out and was
 * taken over by another claim changes nothing.
 *
 * <p>On PostgreSQL the accepted outcomes, nearly all of a batch, are one set-based statement over
 * arrays ({@code unnest}) instead of one statement per message: one plan and one executor pass for
 * the batch, which is most of the saving over a JDBC batch.
 *
 * <p>An accepted send moves {@code sending → sent} (or {@code delivered} when the provider's answer
 * confirms delivery), but a provider's report may already have moved the message further (the
 * simulator reports within milliseconds): then the status, and any failure the report recorded, are
 * left as they are and only the provider's id and cost are recorded.
 */
final class CompletionBatch {
  /**
   * Still waiting in the file: on PostgreSQL, given that the row holds the outcome's lease, still in
   * flight (no report moved it on); on the embedded store, its claim not yet written.
   */
  private static final String WAITING = "status IN " + Rows.WAITING;
  private static final String ACCEPTED =
      "UPDATE messages SET status = CASE WHEN " + WAITING + " THEN ? ELSE status END, "
          + "timeline = timeline || CASE WHEN " + WAITING + " THEN ? ELSE '' END, "
          + "provider = ?, provider_message_id = ?, cost = COALESCE(cost, ?), cost_currency = COALESCE(cost_currency, ?), "
          + "error_code = CASE WHEN " + WAITING + " THEN NULL ELSE error_code END, "
          + "error_reason = CASE WHEN " + WAITING + " THEN NULL ELSE error_reason END, "
          + "lease_owner = NULL, lease_until = NULL, updated_at = ? "
          + "WHERE id = ? AND lease_owner = ? AND attempts = ?";
  private static final String ACCEPTED_SET =
      "UPDATE messages m SET status = CASE WHEN m." + WAITING + " THEN 'sent' ELSE m.status END, "
          + "timeline = m.timeline || CASE WHEN m." + WAITING + " THEN v.entry ELSE '' END, "
          + "provider = v.provider, provider_message_id = v.pmid, cost = COALESCE(m.cost, v.cost), "
          + "cost_currency = COALESCE(m.cost_currency, v.currency), "
          + "error_code = CASE WHEN m." + WAITING + " THEN NULL ELSE m.error_code END, "
          + "error_reason = CASE WHEN m." + WAITING + " THEN NULL ELSE m.error_reason END, "
          + "lease_owner = NULL, lease_until = NULL, updated_at = v.at "
          + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::int[]) "
          + "AS v(entry, provider, pmid, cost, currency, at, id, node, attempt) "
          + "WHERE m.id = v.id AND m.lease_owner = v.node AND m.attempts = v.attempt";
  private static final String OTHER =
      "UPDATE messages SET status = ?, due_at = COALESCE(?, due_at), timeline = timeline || ?, provider = COALESCE(?, provider), "
          + "attempts = attempts - ?, "
          + "error_code = ?, error_reason = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? "
          + "WHERE id = ? AND " + WAITING + " AND lease_owner = ? AND attempts = ?";
  /** The embedded store's forms: the claim ({@link EmbeddedLeases}) is written with the outcome. */
  private static final String ACCEPTED_EMBEDDED =
      "UPDATE messages SET status = CASE WHEN " + WAITING + " THEN ? ELSE status END, "
          + "timeline = timeline || CASE WHEN " + WAITING + " THEN ? || ? ELSE '' END, attempts = ?, "
          + "provider = ?, provider_message_id = ?, cost = COALESCE(cost, ?), cost_currency = COALESCE(cost_currency, ?), "
          + "error_code = CASE WHEN " + WAITING + " THEN NULL ELSE error_code END, "
          + "error_reason = CASE WHEN " + WAITING + " THEN NULL ELSE error_reason END, updated_at = ? "
          + "WHERE id = ? AND attempts = ?";
  private static final String OTHER_EMBEDDED =
      "UPDATE messages SET status = ?, due_at = COALESCE(?, due_at), timeline = timeline || ? || ?, "
          + "provider = COALESCE(?, provider), attempts = ?, error_code = ?, error_reason = ?, updated_at = ? "
          + "WHERE id = ? AND " + WAITING + " AND attempts = ?";
  private static final String ATTEMPT_TARGET = "delivery_attempts (message_id, attempt, provider, started_at, "
      + "duration_ms, outcome, error_code, reason, http_status, node)";
  private static final String ATTEMPT = "INSERT INTO " + ATTEMPT_TARGET + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private CompletionBatch() {}

  /**
   * PostgreSQL's batch, under leases in the rows ({@link RowLeases}); the embedded store's is
   * {@link #writeEmbedded}.
   */
  static int write(Connection c, List<Completion> completions) throws SQLException {
    lockInIdOrder(c, completions);
    List<Completion> accepted = completions.stream().filter(d -> d.status() == MessageStatus.SENT).toList();
    List<Completion> rest = completions.stream().filter(d -> d.status() != MessageStatus.SENT).toList();
    return acceptedAsSet(c, accepted) + writeBatched(c, rest);
  }

  /**
   * Takes the batch's row locks up front in id order, the order the report writer visits messages
   * in too, so the two batched writers can never wait for each other in a cycle (a deadlock that
   * PostgreSQL would only break after {@code deadlock_timeout}).
   *
   * <p>The ids go in sorted (Java's order is the "C" collation's for these ASCII ids) and each row
   * is locked by a {@code LATERAL} sub-select of its own, evaluated once per id in array order (a
   * sub-select with {@code FOR UPDATE} is never flattened into a join, so no plan can reorder it).
   * An {@code ORDER BY id COLLATE "C"} under {@code FOR UPDATE} sorted the whole batch between the
   * scan and the locking, and when delivery reports were changing the same rows at the same time
   * each statement spent 0.3–0.9 s of CPU re-checking them: completions fell behind, every
   * dispatcher slot waited for one, and S3 on PostgreSQL stalled for ~9 s.
   */
  private static void lockInIdOrder(Connection c, List<Completion> completions) throws SQLException {
    Object[] ids = completions.stream().map(Completion::messageId).distinct().sorted().toArray();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT l.x FROM unnest(?::text[]) AS v(id), LATERAL (SELECT 1 AS x FROM messages m WHERE m.id = v.id FOR UPDATE) l")) {
      ps.setArray(1, c.createArrayOf("text", ids));
      ps.executeQuery().close();
    }
  }

  private static int acceptedAsSet(Connection c, List<Completion> accepted) throws SQLException {
    if (accepted.isEmpty()) {
      return 0;
    }
    int n = accepted.size();
    Object[][] cols = new Object[9][n];
    for (int i = 0; i < n; i++) {
      Completion d = accepted.get(i);
      cols[0][i] = Timeline.entry(d.at(), MessageStatus.SENDING, MessageStatus.SENT, d.reason());
      cols[1][i] = d.provider();
      cols[2][i] = d.providerMessageId();
      cols[3][i] = d.cost() == null ? null : d.cost().toPlainString();
      cols[4][i] = d.costCurrency();
      cols[5][i] = d.at().toEpochMilli();
      cols[6][i] = d.messageId();
      cols[7][i] = d.node();
      cols[8][i] = d.attempt();
    }
    String[] types = {"text", "text", "text", "text", "text", "bigint", "text", "text", "integer"};
    try (PreparedStatement ps = c.prepareStatement(ACCEPTED_SET)) {
      // Planned at each run, never from a cached generic plan: one cached while the table was
      // small (a fresh database) joins by a sequential scan of every message, and is kept as the
      // table grows; S3 on PostgreSQL saw batches of 25 outcomes take up to 0.9 s that way.
      ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
      for (int k = 0; k < cols.length; k++) {
        ps.setArray(k + 1, c.createArrayOf(types[k], cols[k]));
      }
      int applied = ps.executeUpdate();
      insertAttempts(c, accepted);
      return applied;
    }
  }

  /**
   * The delivery attempts of PostgreSQL's accepted outcomes: with {@code COPY} ({@link CopyRows})
   * from {@value CopyRows#WORTH_FROM} attempts on, else as a batched insert.
   */
  private static void insertAttempts(Connection c, List<Completion> completions) throws SQLException {
    int n = 0;
    for (Completion done : completions) {
      n += done.deliveryAttempts().size();
    }
    if (n >= CopyRows.WORTH_FROM) {
      CopyRows copy = new CopyRows(ATTEMPT_TARGET);
      for (Completion done : completions) {
        for (DeliveryAttempt a : done.deliveryAttempts()) {
          writeAttempt(copy, a);
          copy.endRow();
        }
      }
      copy.copyTo(c);
      return;
    }
    try (PreparedStatement attempts = c.prepareStatement(ATTEMPT)) {
      for (Completion done : completions) {
        for (DeliveryAttempt a : done.deliveryAttempts()) {
          bindAttempt(attempts, a);
          attempts.addBatch();
        }
      }
      attempts.executeBatch();
    }
  }

  /**
   * The embedded store's batch: each completion also writes its claim (attempt number and the
   * claim's timeline entries, from its in-memory lease), guarded by the attempt number the file
   * still holds. {@code leases} holds the lease each of {@code completions} is written under.
   *
   * <p>A provider's report may have moved the row on first (it raced the claim): the status and
   * the timeline are then left as the report made them, and the attempt is still recorded.
   */
  static int writeEmbedded(Connection c, List<Completion> completions, Map<String, EmbeddedLeases.Lease> leases)
      throws SQLException {
    if (completions.isEmpty()) {
      return 0;
    }
    try (PreparedStatement accepted = c.prepareStatement(ACCEPTED_EMBEDDED);
        PreparedStatement other = c.prepareStatement(OTHER_EMBEDDED);
        PreparedStatement attempts = c.prepareStatement(ATTEMPT)) {
      int nAccepted = 0;
      int nOther = 0;
      int nAttempts = 0;
      for (Completion d : completions) {
        EmbeddedLeases.Lease lease = leases.get(d.messageId());
        String entry = Timeline.entry(d.at(), MessageStatus.SENDING, d.status(), d.reason());
        if (d.status() == MessageStatus.SENT || d.status() == MessageStatus.DELIVERED) {
          accepted.setString(1, d.status().wireName());
          accepted.setString(2, lease.claimEntries());
          accepted.setString(3, entry);
          accepted.setInt(4, d.attempt());
          accepted.setString(5, d.provider());
          accepted.setString(6, d.providerMessageId());
          accepted.setString(7, d.cost() == null ? null : d.cost().toPlainString());
          accepted.setString(8, d.costCurrency());
          accepted.setLong(9, d.at().toEpochMilli());
          accepted.setString(10, d.messageId());
          accepted.setInt(11, d.attempt() - 1);
          accepted.addBatch();
          nAccepted++;
        } else {
          other.setString(1, d.status().wireName());
          Rows.setInstant(other, 2, d.dueAt());
          other.setString(3, lease.claimEntries());
          other.setString(4, entry);
          other.setString(5, d.provider());
          other.setInt(6, d.refundAttempt() ? d.attempt() - 1 : d.attempt());
          other.setString(7, d.refundAttempt() ? null : d.errorCode());
          other.setString(8, d.refundAttempt() ? null : d.reason());
          other.setLong(9, d.at().toEpochMilli());
          other.setString(10, d.messageId());
          other.setInt(11, d.attempt() - 1);
          other.addBatch();
          nOther++;
        }
        for (DeliveryAttempt a : d.deliveryAttempts()) {
          bindAttempt(attempts, a);
          attempts.addBatch();
          nAttempts++;
        }
      }
      int applied = (nAccepted > 0 ? count(accepted.executeBatch()) : 0) + (nOther > 0 ? count(other.executeBatch()) : 0);
      if (nAttempts > 0) {
        attempts.executeBatch();
      }
      return applied;
    }
  }

  private static int writeBatched(Connection c, List<Completion> completions) throws SQLException {
    if (completions.isEmpty()) {
      return 0;
    }
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
    writeAttempt(Rows.bound(ps), a);
  }

  /** A delivery attempt's row, in {@link #ATTEMPT_TARGET}'s column order. */
  private static void writeAttempt(Rows.NewRow row, DeliveryAttempt a) throws SQLException {
    row.text(a.messageId());
    row.integer(a.attempt());
    row.text(a.provider());
    row.bigint(a.startedAt().toEpochMilli());
    row.bigint(a.durationMillis());
    row.text(a.outcome());
    row.text(a.errorCode());
    row.text(a.reason());
    row.integer(a.httpStatus());
    row.text(a.node());
  }

  private static int count(int[] results) {
    int n = 0;
    for (int r : results) {
      n += r == PreparedStatement.SUCCESS_NO_INFO ? 1 : Math.max(r, 0);
    }
    return n;
  }
}
