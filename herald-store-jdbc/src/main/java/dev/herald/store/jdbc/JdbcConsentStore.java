package dev.herald.store.jdbc;

import dev.herald.core.consent.ConsentRecord;
import dev.herald.core.consent.ConsentSource;
import dev.herald.core.consent.ConsentState;
import dev.herald.core.consent.ConsentStore;
import dev.herald.core.message.Addresses;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * {@link ConsentStore} on the message store's database: an append-only table, latest row wins. An
 * entry keeps its address as written and is found by the address's key ({@link Addresses#key},
 * column {@code address_key}), so an email address's entries hold for it in any case.
 */
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
    db.write(c -> Sql.update(c, "INSERT INTO consent_records (" + COLUMNS + ", address_key) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        r.id(), r.tenantId(), r.contactId(), r.channel().wireName(), r.address(), r.state().wireName(),
        r.source().wireName(), r.messageId(), r.detail(), r.at(), Addresses.key(r.channel(), r.address())));
  }

  /** Answers by address as asked: an email address asked in several cases gets one entry for each. */
  @Override
  public Map<Address, ConsentRecord> latest(Collection<Address> addresses) {
    Map<Address, List<Address>> askedByKey = new LinkedHashMap<>();
    for (Address a : new LinkedHashSet<>(addresses)) {
      if (scopes == null || scopes.mayHave(a.tenantId(), a.channel())) {
        Address key = new Address(a.tenantId(), a.channel(), Addresses.key(a.channel(), a.address()));
        askedByKey.computeIfAbsent(key, k -> new ArrayList<>(1)).add(a);
      }
    }
    Map<Address, ConsentRecord> out = new HashMap<>();
    if (askedByKey.isEmpty()) {
      return out;
    }
    List<List<String>> keys = askedByKey.keySet().stream()
        .map(k -> List.of(k.tenantId(), k.channel().wireName(), k.address())).toList();
    // Oldest first, so the last entry put for an address is its current state.
    db.read(c -> Sql.queryIn(c, "SELECT " + COLUMNS + ", address_key FROM consent_records WHERE (tenant_id, channel, address_key)",
        keys, " ORDER BY created_at, id", rs -> Map.entry(rs.getString("address_key"), record(rs))))
        .forEach(e -> {
          ConsentRecord r = e.getValue();
          askedByKey.get(new Address(r.tenantId(), r.channel(), e.getKey())).forEach(a -> out.put(a, r));
        });
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
