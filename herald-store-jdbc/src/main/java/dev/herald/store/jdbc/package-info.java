/**
 * {@link dev.herald.core.store.MessageStore} on JDBC: SQLite (embedded default: one file, WAL,
 * {@code synchronous=FULL}) and PostgreSQL (claims with {@code FOR UPDATE SKIP LOCKED},
 * {@code LISTEN/NOTIFY} wake-ups), Flyway migrations per database.
 */
package dev.herald.store.jdbc;
