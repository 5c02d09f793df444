package dev.herald.store.jdbc;

import dev.herald.core.inbound.InboundStore;
import dev.herald.core.message.Message;
import java.sql.PreparedStatement;
import java.time.Instant;
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
