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
  /**
   * A message in flight: leased and not yet moved on. On PostgreSQL a claim leaves the status
   * waiting and sets the lease (the claim index's predicate, {@code waiting}, finds such rows); the
   * embedded store keeps its leases in memory, so its file has none.
   */
  String inFlight() {
    return (kind == DbKind.POSTGRESQL ? "waiting" : "status IN ('queued', 'scheduled')") + " AND lease_owner IS NOT NULL";
  }

  private static final long MIN_POLL_MS = 200;

  private final Connection c;
  private final DbKind kind;

  QueueProbe(FreshDatabase db) {
    this.kind = db.kind();
    try {
      this.c = db.connect();
      java.nio.file.Path journal = db.dataDir() == null ? null : db.dataDir().resolve("simulator.db");
      if (journal != null && java.nio.file.Files.exists(journal)) {
        // The embedded store keeps the simulator's journal in a file of its own beside herald.db.
        try (java.sql.Statement st = c.createStatement()) {
          st.execute("ATTACH DATABASE '" + journal.toAbsolutePath().toString().replace("'", "''") + "' AS journal");
          st.execute("CREATE TEMP VIEW simulator_sends AS SELECT * FROM journal.simulator_sends");
        }
      }
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
   * Polls until no message is waiting or being sent, or {@code limit} passes; returns how many
   * still are. The poll is an existence check that the claim index answers, not a count over the
   * table: a {@code COUNT(*)} of 200,000 wide rows every 200 ms took a few percent of PostgreSQL's
   * CPU away from the server under test.
   */
  long awaitQueueEmpty(Duration limit) {
    awaitNoneDue(Long.MAX_VALUE, limit);
    return count(IN_QUEUE);
  }

  /**
   * Polls until no message due at or before {@code dueAtMost} (epoch ms) waits and none is being
   * sent, or {@code limit} passes; messages scheduled later are not waited for.
   */
  void awaitNoneDue(long dueAtMost, Duration limit) {
    // Each predicate is its partial index's own: PostgreSQL's claim index names the column derived
    // from the status, and a message in flight there is a waiting row with a lease.
    awaitNone(kind == DbKind.POSTGRESQL
        ? "SELECT CASE WHEN EXISTS (SELECT 1 FROM messages WHERE waiting AND due_at <= ?) THEN 1 ELSE 0 END"
        : "SELECT CASE WHEN EXISTS (SELECT 1 FROM messages WHERE status IN ('queued', 'scheduled') AND due_at <= ?) "
            + "OR EXISTS (SELECT 1 FROM messages WHERE status = 'sending') THEN 1 ELSE 0 END", limit, dueAtMost);
  }

  /** Polls {@code existsSql} every 200 ms until it answers 0, or {@code limit} passes. */
  void awaitNone(String existsSql, Duration limit, Object... params) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline && number(existsSql, params) == 1) {
      Pause.millis(MIN_POLL_MS);
    }
  }

  /**
   * Polls {@code count(where)} until {@code done} holds or {@code limit} passes; returns the last
   * count. Polls every 200 ms, or less often when the count itself is slow (at least 20 times its
   * own duration apart), so the probe's share of the database stays under ~5% of a core.
   */
  long await(String where, LongPredicate done, Duration limit) {
    return await(where, done, limit, "messages");
  }

  long await(String where, LongPredicate done, Duration limit, String table) {
    long deadline = System.nanoTime() + limit.toNanos();
    long t = System.nanoTime();
    long n = count(table, where);
    while (!done.test(n) && System.nanoTime() < deadline) {
      long tookMs = (System.nanoTime() - t) / 1_000_000;
      Pause.millis(Math.max(MIN_POLL_MS, 20 * tookMs));
      t = System.nanoTime();
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
   * Like {@link #drainMillis(String)} for the messages that {@code where} selects only: from the
   * first provider call for one of them to the last update of one in {@code finalStatus}, in ms.
   */
  long drainMillis(String finalStatus, String where) {
    long first = number("SELECT MIN(a.started_at) FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m." + where);
    long last = number("SELECT MAX(updated_at) FROM messages WHERE status = ? AND " + where, finalStatus);
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
