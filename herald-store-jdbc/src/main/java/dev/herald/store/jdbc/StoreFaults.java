package dev.herald.store.jdbc;

import dev.herald.core.error.UnavailableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import org.sqlite.SQLiteException;

/**
 * Sorts database failures, in one place, into those where asking again later may succeed (the
 * database unreachable or refusing connections, out of space, refusing writes, busy), which become
 * an {@link UnavailableException}, and the rest, which stay a {@link StoreException}.
 */
final class StoreFaults {
  // SQLite's primary result codes (an extended code carries its primary one in the low byte).
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_FULL = 13;
  private static final int SQLITE_CANTOPEN = 14;

  private StoreFaults() {}

  /** The neutral exception for {@code e}. */
  static RuntimeException translate(SQLException e, Duration retryAfter) {
    String code = unavailability(e);
    return code == null ? new StoreException(e) : new UnavailableException(code, describe(code), retryAfter, e);
  }

  /** What a client is told, without the database's own words (those go to the log and to /health). */
  private static String describe(String code) {
    return switch (code) {
      case UnavailableException.STORAGE_FULL -> "the database is full: there is no space left to store this; try again later";
      case UnavailableException.STORAGE_READ_ONLY -> "the database refuses writes (it is read-only); try again later";
      default -> "the database is unavailable (unreachable, or no answer in time); try again later";
    };
  }

  /**
   * The {@link UnavailableException} code for {@code e}, looking through its causes and chained
   * exceptions (a batch's real error is chained), or {@code null} when asking again will not help.
   */
  static String unavailability(SQLException e) {
    Deque<Throwable> todo = new ArrayDeque<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    todo.add(e);
    while (!todo.isEmpty() && seen.size() < 16) {
      Throwable t = todo.poll();
      if (seen.put(t, true) != null) {
        continue;
      }
      String code = codeOf(t);
      if (code != null) {
        return code;
      }
      if (t instanceof SQLException s && s.getNextException() != null) {
        todo.add(s.getNextException());
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
    }
    return null;
  }

  private static String codeOf(Throwable t) {
    if (t instanceof SQLiteException s) {
      return switch (s.getResultCode().code & 0xff) {
        case SQLITE_FULL -> UnavailableException.STORAGE_FULL;
        case SQLITE_READONLY -> UnavailableException.STORAGE_READ_ONLY;
        case SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_CANTOPEN -> UnavailableException.DATABASE_UNAVAILABLE;
        default -> null;
      };
    }
    if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
        || t instanceof SQLRecoverableException || t instanceof SQLTimeoutException) {
      return UnavailableException.DATABASE_UNAVAILABLE; // HikariCP's "connection is not available" among them
    }
    String state = t instanceof SQLException s ? s.getSQLState() : null;
    if (state == null) {
      return null;
    }
    if (state.equals("53100")) { // disk_full
      return UnavailableException.STORAGE_FULL;
    }
    if (state.equals("25006")) { // read_only_sql_transaction: a standby, or default_transaction_read_only
      return UnavailableException.STORAGE_READ_ONLY;
    }
    // 08: connection exceptions; 57P01-03: terminated by an administrator, crash or start-up; 53: out of resources
    boolean gone = state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
        || state.startsWith("53");
    return gone ? UnavailableException.DATABASE_UNAVAILABLE : null;
  }
}
