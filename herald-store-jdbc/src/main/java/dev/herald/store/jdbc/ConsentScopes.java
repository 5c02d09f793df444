package dev.herald.store.jdbc;

import dev.herald.core.message.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The (tenant, channel) pairs that have any consent record, on the embedded store: one process
 * owns its file ({@link InFlightLog}'s lock) and writes every record through
 * {@link JdbcConsentStore}, so a pair absent here has none, and the dispatcher's look-up for a
 * batch in such pairs (a query of about 3 µs per address in SQLite) can be skipped. Exact in the
 * safe direction only: a pair is added before its first record is written and never removed, so a
 * record deleted later (a contact erased) leaves its pair here, and the look-up runs as before.
 * PostgreSQL, where other nodes append records, has none.
 */
final class ConsentScopes {
  private final Set<String> withRecords = ConcurrentHashMap.newKeySet();
  private final Database db;
  private volatile boolean loaded;

  ConsentScopes(Database db) {
    this.db = db;
  }

  /** Whether {@code tenantId} may have consent records on {@code channel} (false: it has none). */
  boolean mayHave(String tenantId, Channel channel) {
    if (!loaded) {
      load();
    }
    return withRecords.contains(key(tenantId, channel));
  }

  /** Notes a record about to be written for {@code tenantId} on {@code channel}: call before writing it. */
  void adding(String tenantId, Channel channel) {
    withRecords.add(key(tenantId, channel));
  }

  private synchronized void load() {
    if (loaded) {
      return;
    }
    // Pairs added meanwhile stay: a record is noted before it is written, so every committed one
    // is either read here or was noted.
    db.read(c -> Sql.query(c, "SELECT DISTINCT tenant_id, channel FROM consent_records",
        rs -> withRecords.add(rs.getString(1) + '\0' + rs.getString(2))));
    loaded = true;
  }

  private static String key(String tenantId, Channel channel) {
    return tenantId + '\0' + channel.wireName();
  }
}
