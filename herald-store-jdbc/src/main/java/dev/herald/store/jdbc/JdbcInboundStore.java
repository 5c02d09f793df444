package dev.herald.store.jdbc;

import dev.herald.core.inbound.InboundStore;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageIds;
import dev.herald.core.message.MessageStatus;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@link InboundStore} on the message store's database: inbound messages are rows of
 * {@code messages}; a partial unique index on (provider, provider message id) for inbound rows makes
 * a redelivered webhook's insert do nothing.
 */
public final class JdbcInboundStore implements InboundStore {
  private final Database db;

  private JdbcInboundStore(Database db) {
    this.db = db;
  }

  /** The inbound store sharing {@code store}'s database. */
  public static JdbcInboundStore on(JdbcMessageStore store) {
    return new JdbcInboundStore(store.database());
  }

  @Override
  public Stored insertIfNew(Message m) {
    return db.write(c -> {
      int n;
      try (PreparedStatement ps = c.prepareStatement(Rows.INSERT + " ON CONFLICT DO NOTHING")) {
        Rows.bindInsert(ps, m);
        n = ps.executeUpdate();
      }
      if (n == 1) {
        return new Stored(m, true);
      }
      return new Stored(Sql.one(c, "SELECT " + Rows.COLUMNS + " FROM messages WHERE provider = ? AND provider_message_id = ? "
          + "AND direction = 'inbound'", Rows::message, m.provider(), m.providerMessageId()).orElseThrow(), false);
    });
  }

  @Override
  public Optional<String> markReplied(Message inbound, Instant at) {
    if (inbound.conversationId() == null) {
      return Optional.empty();
    }
    return db.write(c -> {
      Optional<String[]> replied = Sql.one(c, "SELECT id, " + Rows.STATUS_AS_READ + " FROM messages "
          + "WHERE conversation_id = ? AND direction = 'outbound' AND channel = ? AND recipient = ? "
          + "ORDER BY created_at DESC, id DESC LIMIT 1", rs -> new String[] {rs.getString(1), rs.getString(2)},
          inbound.conversationId(), inbound.channel().wireName(), inbound.from());
      if (replied.isEmpty()) {
        return Optional.empty();
      }
      String id = replied.get()[0];
      MessageStatus status = MessageStatus.fromWire(replied.get()[1]);
      Sql.update(c, "UPDATE messages SET timeline = timeline || ?, updated_at = ? WHERE id = ?",
          Timeline.entry(at, status, status, "replied: inbound message " + inbound.id()), at, id);
      Sql.update(c, "INSERT INTO message_events (id, message_id, provider, provider_message_id, event_key, event_type, "
          + "status, outcome, payload, received_at) VALUES (?, ?, ?, ?, ?, 'replied', ?, 'applied', ?, ?)",
          MessageIds.next(), id, inbound.provider(), inbound.providerMessageId(), "replied:" + inbound.id(),
          status.wireName(), Rows.json(Map.of("inbound_message_id", inbound.id())), at);
      return Optional.of(id);
    });
  }

  @Override
  public Optional<Message> findByProviderId(String provider, String providerMessageId) {
    return db.read(c -> Sql.one(c, "SELECT " + Rows.COLUMNS + " FROM messages WHERE provider_message_id = ? AND provider = ?",
        Rows::message, providerMessageId, provider));
  }

  @Override
  public Optional<Message> findById(String messageId) {
    return db.read(c -> Sql.one(c, "SELECT " + Rows.COLUMNS + " FROM messages WHERE id = ?", Rows::message, messageId));
  }

  @Override
  public void recordResponderFailure(String messageId, String code, String reason, Instant at) {
    db.write(c -> Sql.update(c, "UPDATE messages SET error_code = ?, error_reason = ?, updated_at = ? "
        + "WHERE id = ? AND direction = 'inbound'", code, reason, at, messageId));
  }
}
