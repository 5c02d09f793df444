package dev.herald.bench;

import dev.herald.store.jdbc.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An empty database for one scenario: a SQLite data directory under the run's work directory, or
 * the PostgreSQL database {@code herald_bench} dropped and created again, so that
 * {@code pg_stat_database} counts this scenario's transactions only, followed by a
 * {@code CHECKPOINT} (superuser, as {@code postgres} is) so that the server starts it clean.
 */
record FreshDatabase(DbKind kind, String url, Path dataDir) {
  static final String PG_SERVER = System.getProperty("bench.pg", "jdbc:postgresql://127.0.0.1:5432/");
  static final String PG_DATABASE = "herald_bench";
  static final String PG_USER = "postgres";

  static FreshDatabase create(DbKind kind, Path workDir, String name) {
    if (kind == DbKind.SQLITE) {
      Path dir = workDir.resolve(name + "-sqlite");
      deleteTree(dir);
      return new FreshDatabase(kind, "jdbc:sqlite:" + dir.resolve("herald.db").toAbsolutePath(), dir);
    }
    try (Connection admin = DriverManager.getConnection(PG_SERVER + "postgres?user=" + PG_USER);
        Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + PG_DATABASE + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + PG_DATABASE);
      // Writes the previous scenario's dirty buffers out now, not during this one's measurement.
      s.execute("CHECKPOINT");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot recreate database " + PG_DATABASE + " at " + PG_SERVER + ": " + e.getMessage(), e);
    }
    return new FreshDatabase(kind, PG_SERVER + PG_DATABASE + "?user=" + PG_USER, null);
  }

  /** The server's environment naming this database. */
  Map<String, String> serverEnv() {
    return kind == DbKind.SQLITE ? Map.of("HERALD_DATA_DIR", dataDir.toString())
        : Map.of("HERALD_DATABASE_URL", PG_SERVER + PG_DATABASE, "HERALD_DATABASE_USER", PG_USER);
  }

  StoreSettings storeSettings() {
    return kind == DbKind.SQLITE ? new StoreSettings(null, null, null, dataDir, 4)
        : new StoreSettings(PG_SERVER + PG_DATABASE, PG_USER, null, null, 4);
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  /** Transactions committed in this database so far (PostgreSQL), else -1. */
  long committedTransactions() {
    return kind == DbKind.SQLITE ? -1 : pgLong("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
  }

  /** The cluster's WAL position in bytes (PostgreSQL), else -1. Cluster-wide: other databases' writes count too. */
  long walPosition() {
    return kind == DbKind.SQLITE ? -1 : pgLong("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint");
  }

  private long pgLong(String sql) {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** Removes the SQLite files (PostgreSQL's database stays until the next scenario recreates it). */
  void discard() {
    // BENCH_KEEP_DB=1 keeps the SQLite file for inspection (PostgreSQL's stays until the next scenario).
    if (dataDir != null && System.getenv("BENCH_KEEP_DB") == null) {
      deleteTree(dataDir);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
