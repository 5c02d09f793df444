package dev.herald.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.conversation.Conversation;
import dev.herald.core.conversation.ConversationStatus;
import dev.herald.core.conversation.ConversationStore;
import dev.herald.core.message.Message;
import dev.herald.core.store.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link ConversationStore} on the message store's database. A partial unique index keeps one open
 * conversation per contact; updates are compare-and-set on {@code version}.
 */
public final class JdbcConversationStore implements ConversationStore {
  private static final String COLUMNS =
      "id, tenant_id, contact_id, status, context, participants, expires_at, created_at, updated_at, closed_at, version";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final Database db;

  private JdbcConversationStore(Database db) {
    this.db = db;
  }

  /** The conversation store sharing {@code store}'s database. */
  public static JdbcConversationStore on(JdbcMessageStore store) {
    return new JdbcConversationStore(store.database());
  }

  @Override
  public Conversation openOrGet(Conversation k) {
    return db.write(c -> {
      Sql.update(c, "INSERT INTO conversations (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
          k.id(), k.tenantId(), k.contactId(), k.status().wireName(), k.context().toString(),
          Rows.json(k.participants()), k.expiresAt(), k.createdAt(), k.updatedAt(), k.closedAt(), k.version());
      return Sql.one(c, "SELECT " + COLUMNS + " FROM conversations WHERE tenant_id = ? AND contact_id = ? AND status <> 'closed'",
          JdbcConversationStore::conversation, k.tenantId(), k.contactId()).orElseThrow();
    });
  }

  @Override
  public boolean deleteUnused(String tenantId, String id) {
    return db.write(c -> Sql.update(c, "DELETE FROM conversations WHERE tenant_id = ? AND id = ? "
        + "AND NOT EXISTS (SELECT 1 FROM messages WHERE conversation_id = ?)", tenantId, id, id) == 1);
  }

  @Override
  public Optional<Conversation> findOpen(String tenantId, String contactId) {
    return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM conversations WHERE tenant_id = ? AND contact_id = ? "
        + "AND status <> 'closed'", JdbcConversationStore::conversation, tenantId, contactId));
  }

  @Override
  public Optional<Conversation> find(String tenantId, String id) {
    return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM conversations WHERE tenant_id = ? AND id = ?",
        JdbcConversationStore::conversation, tenantId, id));
  }

  @Override
  public Page<Conversation> list(String tenantId, String contactId, ConversationStatus status, String cursor, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM conversations WHERE tenant_id = ?");
    List<Object> params = new ArrayList<>(List.of(tenantId));
    if (contactId != null) {
      sql.append(" AND contact_id = ?");
      params.add(contactId);
    }
    if (status != null) {
      sql.append(" AND status = ?");
      params.add(status.wireName());
    }
    if (cursor != null) {
      sql.append(" AND id < ?");
      params.add(cursor);
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    params.add(limit + 1);
    return db.read(c -> {
      List<Conversation> rows = Sql.query(c, sql.toString(), JdbcConversationStore::conversation, params.toArray());
      return rows.size() > limit ? new Page<>(rows.subList(0, limit), rows.get(limit - 1).id()) : new Page<>(rows, null);
    });
  }

  @Override
  public Optional<Conversation> update(Conversation k) {
    return db.write(c -> {
      int n = Sql.update(c, "UPDATE conversations SET status = ?, context = ?, participants = ?, expires_at = ?, "
          + "updated_at = ?, closed_at = ?, version = version + 1 WHERE tenant_id = ? AND id = ? AND version = ?",
          k.status().wireName(), k.context().toString(), Rows.json(k.participants()), k.expiresAt(), k.updatedAt(),
          k.closedAt(), k.tenantId(), k.id(), k.version());
      return n == 0 ? Optional.empty() : Sql.one(c, "SELECT " + COLUMNS + " FROM conversations WHERE id = ?",
          JdbcConversationStore::conversation, k.id());
    });
  }

  @Override
  public int closeExpired(Instant now) {
    return db.write(c -> Sql.update(c, "UPDATE conversations SET status = 'closed', closed_at = ?, updated_at = ?, "
        + "version = version + 1 WHERE status <> 'closed' AND expires_at < ?", now, now, now));
  }

  @Override
  public List<Message> thread(String tenantId, String conversationId, int limit) {
    return db.read(c -> Sql.query(c, "SELECT " + Rows.COLUMNS + " FROM messages WHERE tenant_id = ? AND conversation_id = ? "
        + "ORDER BY created_at, id LIMIT ?", Rows::message, tenantId, conversationId, limit));
  }

  private static Conversation conversation(ResultSet rs) throws SQLException {
    try {
      return new Conversation(rs.getString("id"), rs.getString("tenant_id"), rs.getString("contact_id"),
          ConversationStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
          (ObjectNode) JSON.readTree(rs.getString("context")), JSON.readValue(rs.getString("participants"), STRINGS),
          Rows.instant(rs, "expires_at"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"),
          Rows.instant(rs, "closed_at"), rs.getLong("version"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt conversation row " + rs.getString("id") + ": " + e.getMessage(), e);
    }
  }
}
