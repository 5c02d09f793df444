package dev.herald.store.jdbc;

import dev.herald.core.consent.ConsentRecord;
import dev.herald.core.consent.ConsentSource;
import dev.herald.core.consent.ConsentState;
import dev.herald.core.consent.ConsentStore;
import dev.herald.core.message.Channel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** {@link ConsentStore} on the message store's database: an append-only table, latest row wins. */
public final class JdbcConsentStore implements ConsentStore {
  private static final String COLUMNS =
      "id, tenant_id, contact_id, channel, address, state, source, message_id, detail, created_at";

  /** Addresses per query: three parameters each, well inside SQLite's limit on parameters. */

  private final Database db;
  /** The embedded store's pairs with records (shared by every ledger on it); null on PostgreSQL. */
  private final ConsentScopes scopes;

  private JdbcConsentStore(Database db, ConsentScopes scopes) {
    this.db = db;
    this.scopes = scopes;
  }

  /** The consent ledger sharing {@code store}'s database. */
  public static JdbcConsentStore on(JdbcMessageStore store) {
    return new JdbcConsentStore(store.database(), store.consentScopes());
  }

  @Override
  public void append(ConsentRecord r) {
    if (scopes != null) {
      scopes.adding(r.tenantId(), r.channel());
    }
    db.write(c -> Sql.update(c, "INSERT INTO consent_records (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)",
        r.id(), r.tenantId(), r.contactId(), r.channel().wireName(), r.address(), r.state().wireName(),
        r.source().wireName(), r.messageId(), r.detail(), r.at()));
  }

  @Override
  public Map<Address, ConsentRecord> latest(Collection<Address> addresses) {
    List<List<String>> keys = new LinkedHashSet<>(addresses).stream()
        .filter(a -> scopes == null || scopes.mayHave(a.tenantId(), a.channel()))
        .map(a -> List.of(a.tenantId(), a.channel().wireName(), a.address())).toList();
    Map<Address, ConsentRecord> out = new HashMap<>();
    if (keys.isEmpty()) {
      return out;
    }
    // Oldest first, so the last entry put for an address is its current state.
    db.read(c -> Sql.queryIn(c, "SELECT " + COLUMNS + " FROM consent_records WHERE (tenant_id, channel, address)", keys,
        " ORDER BY created_at, id", JdbcConsentStore::record))
        .forEach(r -> out.put(new Address(r.tenantId(), r.channel(), r.address()), r));
    return out;
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
