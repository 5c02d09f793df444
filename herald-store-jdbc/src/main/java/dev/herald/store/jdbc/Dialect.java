package dev.herald.store.jdbc;

/**
 * What differs between the two databases: the claim statement (PostgreSQL skips rows other nodes
 * hold with {@code FOR UPDATE SKIP LOCKED}; SQLite has one writer, so its claim needs no locking
 * clause) and cross-node wake-ups ({@code NOTIFY} on PostgreSQL only).
 */
enum Dialect {
  SQLITE,
  POSTGRESQL;

  private static final String CLAIM_SET =
      "status = 'sending', attempts = attempts + 1, lease_owner = ?, lease_until = ?, updated_at = ?, "
          + "timeline = timeline || CASE WHEN status = 'scheduled' THEN ? ELSE '' END || ?";
  private static final String DUE =
      "SELECT id FROM messages WHERE status IN ('queued', 'scheduled') AND due_at <= ? "
          + "ORDER BY priority DESC, due_at LIMIT ?";

  /**
   * The one-statement claim. Parameters: lease owner, lease until, now, scheduled→queued entry,
   * queued→sending entry, now (due), limit.
   */
  String claimSql() {
    return switch (this) {
      case SQLITE -> "UPDATE messages SET " + CLAIM_SET + " WHERE id IN (" + DUE + ") RETURNING " + Rows.SEND_COLUMNS;
      case POSTGRESQL -> "UPDATE messages SET " + CLAIM_SET + " WHERE id IN (" + DUE + " FOR UPDATE SKIP LOCKED) RETURNING "
          + Rows.SEND_COLUMNS;
    };
  }

  boolean supportsNotify() {
    return this == POSTGRESQL;
  }
}
