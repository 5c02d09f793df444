package dev.herald.store.jdbc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Map;

/** Maps between message rows and {@link Message} values; binds nullable parameters. */
final class Rows {
  /** The columns a new row is written to, before its timeline ({@link #INSERT_TARGET}). */
  private static final String NEW_ROW_COLUMNS = "id, tenant_id, channel, direction, recipient, sender, body, subject, "
      + "html, category, priority, send_at, expires_at, metadata, idempotency_key, conversation_id, contact_id, status, "
      + "attempts, max_attempts, due_at, provider, provider_message_id, error_code, error_reason, cost, cost_currency, "
      + "created_at, updated_at, lease_owner";
  /**
   * Every column but the timeline: what a worker needs to send (claims skip the growing history).
   * {@code attempts_before_retry} is written by an operator's retry only (a new row takes its
   * default, 0), and read by every claim: the retry budget and backoff count from it.
   */
  static final String SEND_COLUMNS = NEW_ROW_COLUMNS + ", attempts_before_retry";
  static final String COLUMNS = SEND_COLUMNS + ", timeline";
  /** The table and columns a new row is written to, in {@link #writeInsert}'s order. */
  static final String INSERT_TARGET = "messages (" + NEW_ROW_COLUMNS + ", timeline, lease_until)";
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
   * timeline), in that order. Read by position: by name, each of the 32 columns cost the driver a
   * map look-up per row, a visible share of a claim's decoding. A waiting row with a lease is a
   * message in flight, {@code sending} ({@link #WAITING}).
   */
  static Message message(ResultSet rs, boolean withTimeline) throws SQLException {
    return message(new ResultSetColumns(rs), withTimeline);
  }

  /**
   * The columns of one row by position, from 1, in {@link #COLUMNS}' order: read from a result set
   * or unpacked from {@link #PACKED_SEND_COLUMNS}.
   */
  private interface Columns {
    /** A text column; {@code null} for SQL NULL. */
    String text(int column) throws SQLException;

    /** An integer column (never NULL where it is read). */
    int integer(int column) throws SQLException;

    /** An epoch-millisecond column as an instant; {@code null} for SQL NULL. */
    Instant instant(int column) throws SQLException;
  }

  private static Message message(Columns rs, boolean withTimeline) throws SQLException {
    String cost = rs.text(26);
    MessageStatus stored = MessageStatus.fromWire(rs.text(18));
    boolean leased = rs.text(30) != null && stored.isWaiting();
    return new Message(
        rs.text(1), rs.text(2),
        Channel.valueOf(rs.text(3).toUpperCase()),
        Direction.valueOf(rs.text(4).toUpperCase()),
        rs.text(5), rs.text(6),
        new Content(rs.text(7), rs.text(8), rs.text(9)),
        Category.valueOf(rs.text(10).toUpperCase()),
        Priority.ofLevel(rs.integer(11)),
        rs.instant(12), rs.instant(13),
        metadata(rs.text(14)), rs.text(15),
        rs.text(16), rs.text(17),
        leased ? MessageStatus.SENDING : stored, rs.integer(19), rs.integer(20), rs.integer(31),
        rs.instant(21), rs.text(22), rs.text(23),
        rs.text(24), rs.text(25),
        cost == null ? null : new BigDecimal(cost), rs.text(27),
        rs.instant(28), rs.instant(29),
        withTimeline ? Timeline.decode(rs.text(32)) : java.util.List.of());
  }

  /**
   * SQLite: {@link #SEND_COLUMNS} packed into one JSON array, to be read with {@link #unpacked}.
   * Through the SQLite driver every column read is a JNI call of its own (about 0.26 µs each on the
   * benchmark machine, 30 per claimed message, the largest share of the claimer's CPU); one text
   * column and one parse cost a fraction of that. The message table's columns hold TEXT and
   * INTEGER values only, which {@code json_array} (SQLite's JSON functions) writes as JSON strings
   * and integers, so nothing is lost on the way; a BLOB would fail the statement.
   */
  static final String PACKED_SEND_COLUMNS = "json_array(" + SEND_COLUMNS + ")";

  private static final int SEND_COLUMN_COUNT = SEND_COLUMNS.split(",").length;

  /**
   * The select list of a message without its timeline in {@code dialect}, as {@link #sendMessage}
   * reads it: {@link #PACKED_SEND_COLUMNS} on SQLite, {@link #SEND_COLUMNS} on PostgreSQL (whose
   * driver decodes a row in one pass, so it gains nothing from packing).
   */
  static String sendColumns(Dialect dialect) {
    return dialect == Dialect.SQLITE ? PACKED_SEND_COLUMNS : SEND_COLUMNS;
  }

  /** A message (empty timeline) from a row whose first columns are {@link #sendColumns}. */
  static Message sendMessage(Dialect dialect, ResultSet rs) throws SQLException {
    return dialect == Dialect.SQLITE ? unpacked(rs.getString(1)) : message(rs, false);
  }

  /**
   * A message (empty timeline) from the text of one {@link #PACKED_SEND_COLUMNS} column.
   *
   * @throws SQLException unless {@code packed} is a JSON array of {@link #SEND_COLUMNS}' 31 scalar values
   */
  static Message unpacked(String packed) throws SQLException {
    return message(new PackedColumns(values(packed)), false);
  }

  /**
   * The scalar values of a packed row: strings, {@code Long} integers, {@code BigDecimal} for any
   * other number (never stored here, but read rather than refused), {@code null}.
   */
  private static Object[] values(String packed) throws SQLException {
    Object[] values = new Object[SEND_COLUMN_COUNT];
    int i = 0;
    try (JsonParser p = JSON.getFactory().createParser(packed)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new SQLException("packed row is not a JSON array");
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), i++) {
        if (i == values.length) {
          throw new SQLException("packed row has more than " + values.length + " columns");
        }
        values[i] = switch (t) {
          case VALUE_NULL -> null;
          case VALUE_NUMBER_INT -> p.getLongValue();
          case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
          case VALUE_STRING -> p.getText();
          default -> throw new SQLException("packed row has an unexpected " + t + " in column " + (i + 1));
        };
      }
    } catch (IOException e) {
      throw new SQLException("packed row is not valid JSON: " + e.getMessage(), e);
    }
    if (i != values.length) {
      throw new SQLException("packed row has " + i + " columns, not " + values.length);
    }
    return values;
  }

  /** {@link Columns} of a packed row's values, converted as the JDBC getters would. */
  private record PackedColumns(Object[] values) implements Columns {
    @Override
    public String text(int column) {
      Object v = values[column - 1];
      return v instanceof BigDecimal d ? d.toPlainString() : v == null ? null : v.toString();
    }

    @Override
    public int integer(int column) throws SQLException {
      return (int) number(column);
    }

    @Override
    public Instant instant(int column) throws SQLException {
      return values[column - 1] == null ? null : Instant.ofEpochMilli(number(column));
    }

    private long number(int column) throws SQLException {
      if (values[column - 1] instanceof Number n) {
        return n.longValue();
      }
      throw new SQLException("column " + column + " of a packed row is not a number: " + values[column - 1]);
    }
  }

  /** {@link Columns} of a result set's current row. */
  private record ResultSetColumns(ResultSet rs) implements Columns {
    @Override
    public String text(int column) throws SQLException {
      return rs.getString(column);
    }

    @Override
    public int integer(int column) throws SQLException {
      return rs.getInt(column);
    }

    @Override
    public Instant instant(int column) throws SQLException {
      return Rows.instant(rs, column);
    }
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
