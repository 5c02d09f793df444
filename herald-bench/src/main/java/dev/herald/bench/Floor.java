package dev.herald.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor: the database's own limit for S1's work, with no Herald code around it. The same
 * preloaded {@code messages} table (same schema and indexes) is drained by bare SQL only: claim a
 * batch of 256 due rows ({@code UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING
 * id}), then complete the batch ({@code UPDATE … SET status = 'sent'} guarded by status and lease
 * owner), each its own transaction. Four workers on PostgreSQL; one on SQLite, which has one
 * writer, with Herald's pragmas (WAL, {@code synchronous=FULL}, {@code wal_autocheckpoint=10000}).
 *
 * <p>On PostgreSQL the claim has Herald's shape: it sets the lease and leaves the status waiting,
 * so it is a heap-only update, and skips rows whose lease is live (found through the claim index,
 * whose predicate is the column {@code waiting}). On SQLite, whose Herald store
 * writes no claim at all (its leases are in memory), the claim moves the row to {@code sending}.
 */
final class Floor implements Scenario {
  /** Herald's SQLite writer's checkpoint interval ({@code Database.WAL_AUTOCHECKPOINT_PAGES}). */
  static final int SQLITE_WAL_AUTOCHECKPOINT_PAGES = 10_000;
  static final int BATCH = 256;
  private static final String DUE = "SELECT id FROM messages WHERE status IN ('queued', 'scheduled') AND due_at <= ? "
      + "ORDER BY priority DESC, due_at LIMIT ?";
  private static final String DUE_UNLEASED = "SELECT id FROM messages WHERE waiting "
      + "AND due_at <= ? AND (lease_until IS NULL OR lease_until < ?) ORDER BY priority DESC, due_at LIMIT ?";

  @Override
  public String id() {
    return "floor";
  }

  @Override
  public String title() {
    return "floor: bare claim-a-batch and complete-a-batch SQL on S1's table";
  }

  @Override
  public Figures run(BenchSettings s, DbKind kind) throws Exception {
    int n = s.scaled(BurnDown.MESSAGES);
    FreshDatabase db = FreshDatabase.create(kind, s.workDir(), "floor");
    Figures f = new Figures(id(), kind.label());
    f.put("messages", n).put("preload_s", Preload.messages(db, n));
    long commits0 = db.committedTransactions();
    long wal0 = db.walPosition();
    int workers = kind == DbKind.POSTGRESQL ? 4 : 1;
    List<Connection> connections = new ArrayList<>();
    AtomicLong done = new AtomicLong();
    Map<String, Long> db0;
    Map<String, Long> db1;
    double seconds;
    try {
      for (int w = 0; w < workers; w++) {
        connections.add(connect(db, kind));
      }
      db0 = kind == DbKind.POSTGRESQL ? CpuTicks.processes("postgres") : Map.of();
      long t0 = System.nanoTime();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        Connection c = connections.get(w);
        String owner = "floor-" + w;
        threads.add(Thread.ofPlatform().start(() -> drain(c, kind, owner, done)));
      }
      for (Thread t : threads) {
        t.join();
      }
      seconds = (System.nanoTime() - t0) / 1e9;
      // Before the connections close: a backend's time is lost once it ends (CpuTicks).
      db1 = db0.isEmpty() ? Map.of() : CpuTicks.processes("postgres");
    } finally {
      closeAll(connections);
    }
    f.put("workers", workers).put("batch", BATCH).put("completed", done.get()).put("seconds", seconds)
        .put("messages_per_s", done.get() / seconds);
    if (!db0.isEmpty()) { // PostgreSQL on this machine, its processes readable
      f.put("db_cpu_us_per_message", CpuTicks.secondsBetween(db0, db1) * 1e6 / Math.max(1, done.get()));
    }
    Pause.millis(500);
    if (commits0 >= 0) {
      f.put("commits_per_message", (double) (db.committedTransactions() - commits0) / n)
          .put("wal_bytes_per_message", (double) (db.walPosition() - wal0) / n);
    }
    db.discard();
    return f;
  }

  private static Connection connect(FreshDatabase db, DbKind kind) throws SQLException {
    String url = kind == DbKind.SQLITE ? db.url() + "?journal_mode=WAL&synchronous=FULL&busy_timeout=30000" : db.url();
    Connection c = DriverManager.getConnection(url);
    if (kind == DbKind.SQLITE) {
      try (var pragma = c.createStatement()) {
        pragma.execute("PRAGMA wal_autocheckpoint = " + SQLITE_WAL_AUTOCHECKPOINT_PAGES);
      } catch (SQLException e) {
        closeAll(List.of(c));
        throw e;
      }
    }
    return c;
  }

  /** Closes every connection; a failure to close one is printed and the others are still closed. */
  private static void closeAll(List<Connection> connections) {
    for (Connection c : connections) {
      try {
        c.close();
      } catch (SQLException e) {
        System.err.println("floor: closing a connection: " + e.getMessage());
      }
    }
  }

  private static void drain(Connection c, DbKind kind, String owner, AtomicLong done) {
    try (PreparedStatement claim = c.prepareStatement(kind == DbKind.POSTGRESQL
            ? "UPDATE messages SET attempts = attempts + 1, lease_owner = ?, lease_until = ?, updated_at = ? "
                + "WHERE id IN (" + DUE_UNLEASED + " FOR UPDATE SKIP LOCKED) RETURNING id"
            : "UPDATE messages SET status = 'sending', attempts = attempts + 1, lease_owner = ?, lease_until = ?, "
                + "updated_at = ? WHERE id IN (" + DUE + ") RETURNING id");
        PreparedStatement complete = c.prepareStatement(kind == DbKind.POSTGRESQL
            ? "UPDATE messages SET status = 'sent', lease_owner = NULL, lease_until = NULL, updated_at = ? "
                + "WHERE id = ANY(?) AND status IN ('queued', 'scheduled') AND lease_owner = ?"
            : "UPDATE messages SET status = 'sent', lease_owner = NULL, lease_until = NULL, updated_at = ? "
                + "WHERE id = ? AND status = 'sending' AND lease_owner = ?")) {
      while (true) {
        long now = System.currentTimeMillis();
        claim.setString(1, owner);
        claim.setLong(2, now + 60_000);
        claim.setLong(3, now);
        claim.setLong(4, now);
        int k = 5;
        if (kind == DbKind.POSTGRESQL) {
          claim.setLong(k++, now);
        }
        claim.setInt(k, BATCH);
        List<String> ids = new ArrayList<>(BATCH);
        try (ResultSet rs = claim.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
        if (ids.isEmpty()) {
          return;
        }
        done.addAndGet(complete(c, kind, complete, ids, owner));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("floor worker " + owner + ": " + e.getMessage(), e);
    }
  }

  private static int complete(Connection c, DbKind kind, PreparedStatement ps, List<String> ids, String owner)
      throws SQLException {
    long now = System.currentTimeMillis();
    if (kind == DbKind.POSTGRESQL) {
      Array array = c.createArrayOf("text", ids.toArray());
      ps.setLong(1, now);
      ps.setArray(2, array);
      ps.setString(3, owner);
      return ps.executeUpdate();
    }
    c.setAutoCommit(false);
    for (String id : ids) {
      ps.setLong(1, now);
      ps.setString(2, id);
      ps.setString(3, owner);
      ps.addBatch();
    }
    int n = ps.executeBatch().length;
    c.commit();
    c.setAutoCommit(true);
    return n;
  }
}
