package dev.herald.store.jdbc;

/**
 * What differs between the two databases beyond their migrations: PostgreSQL has cross-node
 * wake-ups ({@code NOTIFY}) and its claim index's own predicate; SQLite has one writer and its
 * leases in memory ({@link EmbeddedLeases}).
 */
enum Dialect {
  SQLITE,
  POSTGRESQL;

  /**
   * The predicate of a message waiting in the queue ({@code queued} or {@code scheduled}), in the
   * form the claim index's predicate is written in: PostgreSQL's names the stored column
   * {@code waiting} derived from the status (so that a status change within or outside the queue,
   * a delivery report, is a heap-only update), SQLite's the status.
   */
  String waiting() {
    return this == POSTGRESQL ? "waiting" : "status IN " + Rows.WAITING;
  }

  boolean supportsNotify() {
    return this == POSTGRESQL;
  }
}
