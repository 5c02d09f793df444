package dev.herald.store.jdbc;

import java.sql.SQLException;

/** A database failure, unchecked; the message carries the SQL state. */
public final class StoreException extends RuntimeException {
  StoreException(SQLException cause) {
    super("database error (SQLState " + cause.getSQLState() + "): " + cause.getMessage(), cause);
  }
}
