package dev.herald.store.jdbc;

import dev.herald.core.consent.ConsentRecord;
import dev.herald.core.consent.ConsentSource;
import dev.herald.core.consent.ConsentState;
import dev.herald.core.consent.ConsentStore;
import dev.herald.core.message.Channel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@link ConsentStore} on the message store's database: an append-only table, latest row wins. */
public final class JdbcConsentStore implements ConsentStore {
  private static final String COLUMNS =
      "id, tenant_id, contact_id, channel, address, state, source, message_id, detail, created_at";

  private final Database db;

  private JdbcConsentStore(Database db) {
    this.db = db;
  }

  /** The consent ledger sharing {@code store}'s database. */
  public static JdbcConsentStore on(JdbcMessageStore store) {
    return new JdbcConsentStore(store.database());
  }

  @Override
  public void append(ConsentRecord r) {
    db.write(c -> Sql.update(c, "INSERT INTO consent_records (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)",
        r.id(), r.tenantId(), r.contactId(), r.channel().wireName(), r.address(), r.state().wireName(),
        r.source().wireName(), r.messageId(), r.detail(), r.at()));
  }

  @Override
  public Optional<ConsentRecord> latest(String tenantId, Channel channel, String address) {
    return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM consent_records WHERE tenant_id = ? AND channel = ? "
        + "AND address = ? ORDER BY created_at DESC, id DESC LIMIT 1", JdbcConsentStore::record,
        tenantId, channel.wireName(), address));
  }

  @Override
  public List<ConsentRecord> history(String tenantId, String contactId) {
    return db.read(c -> Sql.query(c, "SELECT " + COLUMNS + " FROM consent_records WHERE tenant_id = ? AND contact_id = ? "
        + "ORDER BY created_at, id", JdbcConsentStore::record, tenantId, contactId));
  }

  @Override
  public String secret(String name, String candidate) {
    return db.write(c -> {
      Sql.update(c, "INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", name, candidate);
      return Sql.one(c, "SELECT value FROM secrets WHERE name = ?", rs -> rs.getString(1), name).orElseThrow();
    });
  }

  private static ConsentRecord record(ResultSet rs) throws SQLException {
    return new ConsentRecord(rs.getString("id"), rs.getString("tenant_id"), rs.getString("contact_id"),
        JdbcContactStore.channel(rs.getString("channel")), rs.getString("address"),
        ConsentState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
        ConsentSource.valueOf(rs.getString("source").toUpperCase(Locale.ROOT)), rs.getString("message_id"),
        rs.getString("detail"), Rows.instant(rs, "created_at"));
  }
}
