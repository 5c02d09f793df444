package dev.herald.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.message.Category;
import dev.herald.core.message.Channel;
import dev.herald.core.message.Content;
import dev.herald.core.message.DeliveryAttempt;
import dev.herald.core.message.Direction;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.Priority;
import dev.herald.core.store.MessageStore;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Map;

/** Maps between message rows and {@link Message} values; binds nullable parameters. */
final class Rows {
  static final String COLUMNS = "id, tenant_id, channel, direction, recipient, sender, body, subject, html, category, "
      + "priority, send_at, expires_at, metadata, idempotency_key, conversation_id, contact_id, status, attempts, "
      + "max_attempts, due_at, provider, provider_message_id, error_code, error_reason, cost, cost_currency, "
      + "created_at, updated_at, lease_owner, timeline";
  /** Every column but the timeline: what a worker needs to send (claims skip the growing history). */
  static final String SEND_COLUMNS = COLUMNS.substring(0, COLUMNS.length() - ", timeline".length());
  /** The table and columns a new row is written to, in {@link #writeInsert}'s order. */
  static final String INSERT_TARGET = "messages (" + COLUMNS + ", lease_until)";
  static final String INSERT = "INSERT INTO " + INSERT_TARGET + " VALUES (" + "?,".repeat(31) + "?)";
  /**
   * The stored statuses of a message waiting for a claim. On PostgreSQL a claim leaves the status
   * as it is and sets the lease ({@code lease_owner}, {@code lease_until}) only: no indexed column
   * changes, so PostgreSQL writes the claim as a heap-only (HOT) update, without a new entry in any
   * of the table's indexes. A waiting row with a lease is therefore in flight, and is read as
   * {@code sending} ({@link #message}). (Rows claimed by an older version, stored {@code sending},
   * became such rows in PostgreSQL's migration V14; the embedded store's leases are in memory.)
   */
  static final String WAITING = "('queued', 'scheduled')";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private Rows() {}

  static Message message(ResultSet rs) throws SQLException {
    return message(rs, true);
  }

  /**
   * A message from a row whose first columns are {@link #COLUMNS}, or {@link #SEND_COLUMNS} (empty
   * timeline), in that order. Read by position: by name, each of the 31 columns cost the driver a
   * map look-up per row, a visible share of a claim's decoding. A waiting row with a lease is a
   * message in flight, {@code sending} ({@link #WAITING}).
   */
  static Message message(ResultSet rs, boolean withTimeline) throws SQLException {
    String cost = rs.getString(26);
    MessageStatus stored = MessageStatus.fromWire(rs.getString(18));
    boolean leased = rs.getString(30) != null && stored.isWaiting();
    return new Message(
        rs.getString(1), rs.getString(2),
        Channel.valueOf(rs.getString(3).toUpperCase()),
        Direction.valueOf(rs.getString(4).toUpperCase()),
        rs.getString(5), rs.getString(6),
        new Content(rs.getString(7), rs.getString(8), rs.getString(9)),
        Category.valueOf(rs.getString(10).toUpperCase()),
        Priority.ofLevel(rs.getInt(11)),
        instant(rs, 12), instant(rs, 13),
        metadata(rs.getString(14)), rs.getString(15),
        rs.getString(16), rs.getString(17),
        leased ? MessageStatus.SENDING : stored, rs.getInt(19), rs.getInt(20),
        instant(rs, 21), rs.getString(22), rs.getString(23),
        rs.getString(24), rs.getString(25),
        cost == null ? null : new BigDecimal(cost), rs.getString(27),
        instant(rs, 28), instant(rs, 29),
        withTimeline ? Timeline.decode(rs.getString(31)) : java.util.List.of());
  }

  /**
   * A row's status as {@link #message} reads it, as an SQL expression: {@code sending} for a waiting
   * row with a lease. Guards compare it ({@code STATUS_AS_READ + " = ?"}) with the status read.
   */
  static final String STATUS_AS_READ =
      "(CASE WHEN status IN " + WAITING + " AND lease_owner IS NOT NULL THEN 'sending' ELSE status END)";

  static void bindInsert(PreparedStatement ps, Message m) throws SQLException {
    bindInsert(ps, m, null);
  }

  /**
   * Binds {@link #INSERT} for a new message, as accepted or, with {@code claim}, already claimed
   * for {@code claim.node()}: attempt 1, leased (so read as {@code sending}), its claim on the
   * timeline.
   */
  static void bindInsert(PreparedStatement ps, Message m, MessageStore.ClaimAtInsert claim) throws SQLException {
    writeInsert(bound(ps), m, claim);
  }

  /** A {@link NewRow} that binds the values to {@code ps}'s parameters, from the first. */
  static NewRow bound(PreparedStatement ps) {
    return new Bound(ps);
  }

  /** Receives a new row's values one by one, in {@link #INSERT}'s column order. */
  interface NewRow {
    /** A text column; {@code null} for SQL NULL. */
    void text(String value) throws SQLException;

    /** An integer column. */
    void integer(int value) throws SQLException;

    /** A bigint column. */
    void bigint(long value) throws SQLException;

    /** An epoch-millisecond column; {@code null} for SQL NULL. */
    void instant(Instant value) throws SQLException;
  }

  /**
   * Writes a new message's row to {@code row}: as accepted or, with {@code claim}, already claimed
   * for {@code claim.node()} (attempt 1, leased until {@code claim.leaseUntil()}, its claim on the
   * timeline). One source for the bound insert and PostgreSQL's {@code COPY} ({@link CopyRows}).
   */
  static void writeInsert(NewRow row, Message m, MessageStore.ClaimAtInsert claim) throws SQLException {
    row.text(m.id());
    row.text(m.tenantId());
    row.text(m.channel().wireName());
    row.text(m.direction().name().toLowerCase());
    row.text(m.to());
    row.text(m.from());
    row.text(m.content().text());
    row.text(m.content().subject());
    row.text(m.content().html());
    row.text(m.category().wireName());
    row.integer(m.priority().level());
    row.instant(m.sendAt());
    row.instant(m.expiresAt());
    row.text(m.metadata().isEmpty() ? null : json(m.metadata()));
    row.text(m.idempotencyKey());
    row.text(m.conversationId());
    row.text(m.contactId());
    row.text(m.status().wireName());
    row.integer(claim == null ? m.attempts() : 1);
    row.integer(m.maxAttempts());
    row.instant(m.dueAt());
    row.text(m.provider());
    row.text(m.providerMessageId());
    row.text(m.errorCode());
    row.text(m.errorReason());
    row.text(m.cost() == null ? null : m.cost().toPlainString());
    row.text(m.costCurrency());
    row.instant(m.createdAt());
    row.instant(m.updatedAt());
    row.text(claim == null ? null : claim.node());
    String accepted = Timeline.entry(m.createdAt(), null, m.status(),
        m.status() == MessageStatus.SCHEDULED ? "accepted; scheduled for " + m.sendAt() : "accepted");
    row.text(claim == null ? accepted : accepted + Timeline.entry(claim.now(), MessageStatus.QUEUED,
        MessageStatus.SENDING, Timeline.claimedBy(claim.node())));
    row.instant(claim == null ? null : claim.leaseUntil());
  }

  /** Binds a row's values to a statement's parameters, from the first. */
  private static final class Bound implements NewRow {
    private final PreparedStatement ps;
    private int next = 1;

    Bound(PreparedStatement ps) {
      this.ps = ps;
    }

    @Override
    public void text(String value) throws SQLException {
      ps.setString(next++, value);
    }

    @Override
    public void integer(int value) throws SQLException {
      ps.setInt(next++, value);
    }

    @Override
    public void bigint(long value) throws SQLException {
      ps.setLong(next++, value);
    }

    @Override
    public void instant(Instant value) throws SQLException {
      setInstant(ps, next++, value);
    }
  }

  static DeliveryAttempt attempt(ResultSet rs) throws SQLException {
    return new DeliveryAttempt(rs.getString("message_id"), rs.getInt("attempt"), rs.getString("provider"),
        instant(rs, "started_at"), rs.getLong("duration_ms"), rs.getString("outcome"), rs.getString("error_code"),
        rs.getString("reason"), rs.getInt("http_status"), rs.getString("node"));
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value.toEpochMilli());
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> metadata(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt metadata column: " + e.getMessage(), e);
    }
  }
}
