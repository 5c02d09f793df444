package dev.herald.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Faults of an embedded store's single writer connection, for tests (in the store's package, to
 * reach that connection). Each lasts until undone, or until the pool replaces the connection.
 */
public final class SqliteFaults {
  private SqliteFaults() {}

  /**
   * The writer may no longer grow the database beyond the pages it has now ({@code PRAGMA
   * max_page_count}): a write that needs a new page fails with {@code SQLITE_FULL}, the error of a
   * full disk, while reads go on.
   */
  public static void fill(JdbcMessageStore store) {
    try (Connection c = store.database().writerDataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA page_count")) {
      rs.next();
      s.execute("PRAGMA max_page_count = " + rs.getLong(1));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Undoes {@link #fill}: space is free again. */
  public static void free(JdbcMessageStore store) {
    pragma(store, "PRAGMA max_page_count = 4294967294");
  }

  /** The writer refuses every change ({@code SQLITE_READONLY}), as on a file system remounted read-only; or takes them again. */
  public static void refuseWrites(JdbcMessageStore store, boolean refuse) {
    pragma(store, "PRAGMA query_only = " + (refuse ? 1 : 0));
  }

  /** Runs {@code sql} on the writer connection outside a transaction (one a read-only writer could not begin). */
  private static void pragma(JdbcMessageStore store, String sql) {
    try (Connection c = store.database().writerDataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
