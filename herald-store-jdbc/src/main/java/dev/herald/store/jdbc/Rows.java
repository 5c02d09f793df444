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
      + "created_at, updated_at, timeline";
  /** Every column but the timeline: what a worker needs to send (claims skip the growing history). */
  static final String SEND_COLUMNS = COLUMNS.substring(0, COLUMNS.length() - ", timeline".length());
  static final String INSERT = "INSERT INTO messages (" + COLUMNS + ") VALUES ("
      + "?,".repeat(29) + "?)";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private Rows() {}

  static Message message(ResultSet rs) throws SQLException {
    return message(rs, true);
  }

  /** A message from a row of {@link #COLUMNS}, or of {@link #SEND_COLUMNS} (empty timeline). */
  static Message message(ResultSet rs, boolean withTimeline) throws SQLException {
    return new Message(
        rs.getString("id"), rs.getString("tenant_id"),
        Channel.valueOf(rs.getString("channel").toUpperCase()),
        Direction.valueOf(rs.getString("direction").toUpperCase()),
        rs.getString("recipient"), rs.getString("sender"),
        new Content(rs.getString("body"), rs.getString("subject"), rs.getString("html")),
        Category.valueOf(rs.getString("category").toUpperCase()),
        Priority.ofLevel(rs.getInt("priority")),
        instant(rs, "send_at"), instant(rs, "expires_at"),
        metadata(rs.getString("metadata")), rs.getString("idempotency_key"),
        rs.getString("conversation_id"), rs.getString("contact_id"),
        MessageStatus.fromWire(rs.getString("status")), rs.getInt("attempts"), rs.getInt("max_attempts"),
        instant(rs, "due_at"), rs.getString("provider"), rs.getString("provider_message_id"),
        rs.getString("error_code"), rs.getString("error_reason"),
        rs.getString("cost") == null ? null : new BigDecimal(rs.getString("cost")), rs.getString("cost_currency"),
        instant(rs, "created_at"), instant(rs, "updated_at"),
        withTimeline ? Timeline.decode(rs.getString("timeline")) : java.util.List.of());
  }

  static void bindInsert(PreparedStatement ps, Message m) throws SQLException {
    int i = 1;
    ps.setString(i++, m.id());
    ps.setString(i++, m.tenantId());
    ps.setString(i++, m.channel().wireName());
    ps.setString(i++, m.direction().name().toLowerCase());
    ps.setString(i++, m.to());
    ps.setString(i++, m.from());
    ps.setString(i++, m.content().text());
    ps.setString(i++, m.content().subject());
    ps.setString(i++, m.content().html());
    ps.setString(i++, m.category().wireName());
    ps.setInt(i++, m.priority().level());
    setInstant(ps, i++, m.sendAt());
    setInstant(ps, i++, m.expiresAt());
    ps.setString(i++, m.metadata().isEmpty() ? null : json(m.metadata()));
    ps.setString(i++, m.idempotencyKey());
    ps.setString(i++, m.conversationId());
    ps.setString(i++, m.contactId());
    ps.setString(i++, m.status().wireName());
    ps.setInt(i++, m.attempts());
    ps.setInt(i++, m.maxAttempts());
    setInstant(ps, i++, m.dueAt());
    ps.setString(i++, m.provider());
    ps.setString(i++, m.providerMessageId());
    ps.setString(i++, m.errorCode());
    ps.setString(i++, m.errorReason());
    ps.setString(i++, m.cost() == null ? null : m.cost().toPlainString());
    ps.setString(i++, m.costCurrency());
    setInstant(ps, i++, m.createdAt());
    setInstant(ps, i++, m.updatedAt());
    ps.setString(i, Timeline.entry(m.createdAt(), null, m.status(),
        m.status() == MessageStatus.SCHEDULED ? "accepted; scheduled for " + m.sendAt() : "accepted"));
  }

  static DeliveryAttempt attempt(ResultSet rs) throws SQLException {
    return new DeliveryAttempt(rs.getString("message_id"), rs.getInt("attempt"), rs.getString("provider"),
        instant(rs, "started_at"), rs.getLong("duration_ms"), rs.getString("outcome"), rs.getString("error_code"),
        rs.getString("reason"), rs.getInt("http_status"), rs.getString("node"));
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
