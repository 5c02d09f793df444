package dev.herald.store.jdbc;

import dev.herald.core.message.Channel;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.store.MessageQuery;
import dev.herald.core.store.MessageStore;
import dev.herald.core.store.Page;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Filtered, keyset-paginated listing, newest first. Ids are UUIDv7, so id order is creation order
 * and the cursor is simply the last id of the page.
 */
final class MessageListing {
  private MessageListing() {}

  static Page<Message> list(Connection c, String tenantId, MessageQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + Rows.COLUMNS + " FROM messages WHERE tenant_id = ?");
    List<Object> params = new ArrayList<>();
    params.add(tenantId);
    if (q.status() != null) {
      sql.append(" AND " + Rows.STATUS_AS_READ + " = ?");
      params.add(q.status().wireName());
    }
    if (q.channel() != null) {
      sql.append(" AND channel = ?");
      params.add(q.channel().wireName());
    }
    if (q.recipient() != null) {
      sql.append(" AND recipient = ?");
      params.add(q.recipient());
    }
    if (q.createdFrom() != null) {
      sql.append(" AND created_at >= ?");
      params.add(q.createdFrom().toEpochMilli());
    }
    if (q.createdTo() != null) {
      sql.append(" AND created_at < ?");
      params.add(q.createdTo().toEpochMilli());
    }
    if (q.cursor() != null) {
      sql.append(" AND id < ?");
      params.add(q.cursor());
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    params.add(q.limit() + 1);
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      List<Message> items = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          items.add(Rows.message(rs));
        }
      }
      if (items.size() > q.limit()) {
        items = items.subList(0, q.limit());
        return new Page<>(List.copyOf(items), items.get(items.size() - 1).id());
      }
      return new Page<>(items, null);
    }
  }

  static List<MessageStore.StatusCount> countByStatus(Connection c, String tenantId, Instant createdFrom)
      throws SQLException {
    String sql = "SELECT channel, " + Rows.STATUS_AS_READ + " AS st, COUNT(*) FROM messages"
        + " WHERE tenant_id = ? AND created_at >= ? GROUP BY channel, st";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tenantId);
      ps.setLong(2, createdFrom.toEpochMilli());
      List<MessageStore.StatusCount> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new MessageStore.StatusCount(Channel.parse(rs.getString(1), "channel"), MessageStatus.fromWire(rs.getString(2)),
              rs.getLong(3)));
        }
      }
      return out;
    }
  }
}
