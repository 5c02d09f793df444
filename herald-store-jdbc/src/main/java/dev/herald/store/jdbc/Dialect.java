package dev.herald.store.jdbc;

/**
 * What differs between the two databases beyond their migrations: PostgreSQL has cross-node
 * wake-ups ({@code NOTIFY}); SQLite has one writer and its leases in memory ({@link EmbeddedLeases}).
 */
enum Dialect {
  SQLITE,
  POSTGRESQL;

  boolean supportsNotify() {
    return this == POSTGRESQL;
  }
}
