package dev.herald.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongPredicate;
import org.HdrHistogram.Histogram;

/**
 * Reads the server's progress straight from its database, on one connection of its own (a reader
 * beside SQLite's writer, thanks to WAL). Times in the tables are epoch milliseconds.
 */
final class QueueProbe implements AutoCloseable {
  /** A message still on its way: not yet handed to a provider, or being handed. */
  static final String IN_QUEUE = "status IN ('queued', 'scheduled', 'sending')";

  private final Connection c;

  QueueProbe(FreshDatabase db) {
    try {
      this.c = db.connect();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to " + db.url(), e);
    }
  }

  /** Messages matching {@code where}. */
  long count(String where) {
    return count("messages", where);
  }

  long count(String table, String where) {
    return number("SELECT COUNT(*) FROM " + table + " WHERE " + where);
  }

  long number(String sql, Object... params) {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The first column of the first row of {@code sql}, as text (null when none). */
  String text(String sql) {
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /**
   * Polls {@code count(where)} every 200 ms until {@code done} holds or {@code limit} passes.
   * Returns the last count.
   */
  long await(String where, LongPredicate done, Duration limit) {
    return await(where, done, limit, "messages");
  }

  long await(String where, LongPredicate done, Duration limit, String table) {
    long deadline = System.nanoTime() + limit.toNanos();
    long n = count(table, where);
    while (!done.test(n) && System.nanoTime() < deadline) {
      Pause.millis(200);
      n = count(table, where);
    }
    return n;
  }

  /** From the first provider call to the last update of a message in {@code finalStatus}, in ms. */
  long drainMillis(String finalStatus) {
    long first = number("SELECT MIN(started_at) FROM delivery_attempts");
    long last = number("SELECT MAX(updated_at) FROM messages WHERE status = ?", finalStatus);
    return last - first;
  }

  /**
   * Milliseconds from each message's acceptance ({@code created_at}, taken just before its insert
   * commits and the 202 is sent) to its first provider call ({@code delivery_attempts.started_at},
   * taken just before {@code send}), for messages created at or after {@code sinceMillis}.
   */
  Histogram acceptToProviderCall(long sinceMillis) {
    Histogram h = new Histogram(3_600_000L, 3);
    try (PreparedStatement ps = c.prepareStatement("SELECT a.started_at - m.created_at FROM messages m "
        + "JOIN delivery_attempts a ON a.message_id = m.id AND a.attempt = 1 WHERE m.created_at >= ?")) {
      ps.setLong(1, sinceMillis);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          h.recordValue(Math.max(0, rs.getLong(1)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return h;
  }

  @Override
  public void close() {
    try {
      c.close();
    } catch (SQLException e) {
      // closing anyway
    }
  }
}
