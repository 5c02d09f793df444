package dev.herald.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.core.error.UnavailableException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Connection pools and transactions. SQLite gets one writer connection (SQLite has one writer;
 * more connections would only fight over its lock) in WAL mode with {@code synchronous=FULL}, so a
 * committed message survives power loss, plus a small pool of readers. PostgreSQL gets one pool.
 */
final class Database implements AutoCloseable {
  /** Work done inside one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * WAL pages (4 KiB each) after which an SQLite writer (the store's, and the simulator journal's
   * beside it) copies the WAL back into the database file itself; SQLite's default is 1,000. The
   * copy runs inside the commit that crosses the limit, time the single writer spends on nothing
   * else, so the {@link WalCheckpointer} does it beside the writer every 250 ms and this limit is a
   * backstop for when that thread falls behind. The WAL file grows to at most about 40 MiB and is
   * reused after each checkpoint.
   */
  static final int WAL_AUTOCHECKPOINT_PAGES = 10_000;
  /**
   * The page cache of the message store's SQLite writer connection, in KiB: SQLite's default of
   * 2,000 KiB held too few of the index pages a batch of inserts touches (the recipient index's, spread
   * by number), and the writer re-read them from the OS: with wrk posting batches of 1,000, 1.1–1.2
   * million read calls in 10 s (about 2.5 per message), 0.2 million with 32 MiB, and 45–48k →
   * 50–66k messages/s (BENCHMARKS.md). The pages are the process's native memory, filled as used.
   */
  private static final int STORE_WRITER_CACHE_KIB = 32 * 1024;
  /** SQLite's own default, for the databases beside the store, whose writes append. */
  private static final int SQLITE_DEFAULT_CACHE_KIB = 2_000;

  private static final Pattern SCHEMA = Pattern.compile("[?&]currentSchema=([A-Za-z_][A-Za-z0-9_]*)");

  final Dialect dialect;
  final String schema;
  /** The longest a caller waits for the database before it is told the database is unavailable. */
  final Duration timeout;
  private final HikariDataSource writer;
  private final HikariDataSource reader;
  /** SQLite file databases only; else {@code null}. */
  private final WalCheckpointer checkpointer;
  private final StoreSettings settings;
  private final String migrations;
  /** Answers whether the database works now; told of writes refused for want of space or as read-only. */
  final HealthProbe health = new HealthProbe(this);

  Database(StoreSettings settings) {
    this(settings, settings.dialect() == Dialect.SQLITE ? "classpath:db/migration/sqlite" : "classpath:db/migration/postgresql",
        "herald", STORE_WRITER_CACHE_KIB);
  }

  /**
   * A database of its own beside an embedded store's file {@code <stem>.db}: {@code <name>.db} in
   * the same directory for the default {@code herald.db}, else {@code <stem>-<name>.db} (two
   * stores in one directory never share it), with the schema of {@code migrations}. Null when
   * {@code settings} is not a SQLite file store (PostgreSQL, or an in-memory SQLite URL), where the
   * caller shares the store's database.
   */
  static Database sqliteBeside(StoreSettings settings, String name, String migrations) {
    java.nio.file.Path beside = sqliteFileBeside(settings, name, ".db");
    if (beside == null) {
      return null;
    }
    return new Database(new StoreSettings("jdbc:sqlite:" + beside, null, null, settings.dataDir(), settings.poolSize(),
        settings.timeout()), migrations, name, SQLITE_DEFAULT_CACHE_KIB);
  }

  /**
   * The file {@code name + extension} beside an embedded store's database file ({@code herald.db}
   * gives {@code simulator.db}; {@code other.db} gives {@code other-simulator.db}); null when the
   * store is not a SQLite file (PostgreSQL, an in-memory database). Its directory exists once the
   * store's {@link Database} is open.
   */
  static java.nio.file.Path sqliteFileBeside(StoreSettings settings, String name, String extension) {
    java.nio.file.Path file = sqliteFile(settings);
    if (file == null) {
      return null;
    }
    String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    return file.resolveSibling(stem.equals("herald") ? name + extension : stem + "-" + name + extension);
  }

  /** The SQLite database file of {@code settings}, absolute; null for PostgreSQL or an in-memory database. */
  private static java.nio.file.Path sqliteFile(StoreSettings settings) {
    String url = settings.effectiveUrl();
    if (settings.dialect() != Dialect.SQLITE || url.contains(":memory:") || url.contains("mode=memory")) {
      return null;
    }
    String path = url.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*$", "").replaceFirst("^file:(//)?", "");
    return path.isBlank() ? null : java.nio.file.Path.of(path).toAbsolutePath();
  }

  /** @param writerCacheKib the SQLite writer's page cache, in KiB (PostgreSQL: unused) */
  private Database(StoreSettings settings, String migrations, String poolPrefix, int writerCacheKib) {
    this.settings = settings;
    this.dialect = settings.dialect();
    this.timeout = settings.timeout();
    this.migrations = migrations;
    Matcher m = SCHEMA.matcher(settings.effectiveUrl());
    this.schema = m.find() ? m.group(1) : null;
    if (dialect == Dialect.SQLITE) {
      prepareDataDir(settings);
      ownerOnly(sqliteFile(settings));
      writer = pool(poolPrefix + "-sqlite-writer", sqlite(settings, false, writerCacheKib), 1,
          "PRAGMA wal_autocheckpoint = " + WAL_AUTOCHECKPOINT_PAGES, timeout);
      reader = pool(poolPrefix + "-sqlite-reader", sqlite(settings, true, SQLITE_DEFAULT_CACHE_KIB), 4, null, timeout);
      String url = settings.effectiveUrl();
      checkpointer = url.contains(":memory:") || url.contains("mode=memory") ? null
          : new WalCheckpointer(sqlite(settings, true, SQLITE_DEFAULT_CACHE_KIB), poolPrefix);
    } else {
      HikariConfig c = new HikariConfig();
      c.setPoolName("herald-pg");
      c.setJdbcUrl(settings.effectiveUrl());
      c.setUsername(settings.user());
      c.setPassword(settings.password());
      c.setMaximumPoolSize(settings.poolSize());
      waitAtMost(c, timeout);
      c.setAutoCommit(true);
      c.addDataSourceProperty("prepareThreshold", "1");
      c.addDataSourceProperty("reWriteBatchedInserts", "true");
      writer = new HikariDataSource(c);
      reader = writer;
      checkpointer = null;
    }
    migrate();
  }

  private void migrate() {
    var config = Flyway.configure().dataSource(writer).locations(migrations);
    if (schema != null) {
      config.schemas(schema).createSchemas(true);
    }
    config.load().migrate();
  }

  /** Creates the embedded store's data directory ({@link DataFiles}) when the store is given by it (not by a URL). */
  static void prepareDataDir(StoreSettings settings) {
    if (settings.url() == null) {
      DataFiles.directory(settings.dataDir(), "data_dir");
    }
  }

  /**
   * Creates the SQLite database {@code file} (none for an in-memory one) as its owner's alone
   * before SQLite opens it, and narrows the write-ahead log and shared-memory files a crash left.
   */
  private static void ownerOnly(java.nio.file.Path file) {
    if (file == null) {
      return;
    }
    try {
      DataFiles.ownerOnly(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the database file " + file + ": " + e, e);
    }
    DataFiles.narrow(file.resolveSibling(file.getFileName() + "-wal"));
    DataFiles.narrow(file.resolveSibling(file.getFileName() + "-shm"));
  }

  /** @param cacheKib each connection's page cache, in KiB */
  private static DataSource sqlite(StoreSettings settings, boolean readOnly, int cacheKib) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(30_000);
    // The writer begins every transaction holding the write lock, so two statements of one
    // transaction can never be refused half-way with SQLITE_BUSY; readers never take it.
    config.setTransactionMode(readOnly ? SQLiteConfig.TransactionMode.DEFERRED : SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setCacheSize(-cacheKib); // negative: in KiB, not pages
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl(settings.effectiveUrl());
    return ds;
  }

  private static HikariDataSource pool(String name, DataSource ds, int size, String initSql, Duration timeout) {
    HikariConfig c = new HikariConfig();
    c.setConnectionInitSql(initSql);
    c.setPoolName(name);
    c.setDataSource(ds);
    c.setMaximumPoolSize(size);
    c.setMinimumIdle(1);
    waitAtMost(c, timeout);
    return new HikariDataSource(c);
  }

  /**
   * A caller waits at most {@code timeout} for a connection: while the database is down HikariCP
   * keeps trying to connect, and tells each waiting caller it failed once its wait is over.
   */
  private static void waitAtMost(HikariConfig c, Duration timeout) {
    c.setConnectionTimeout(timeout.toMillis());
    c.setValidationTimeout(Math.min(5_000, timeout.toMillis()));
  }

  /**
   * Runs {@code work} in one read-write transaction; commits, or rolls back and rethrows.
   *
   * @throws UnavailableException when the database is unreachable, full or read-only, or gives no
   *     connection within {@link #timeout}
   * @throws StoreException when it failed otherwise
   */
  <T> T write(Work<T> work) {
    return inTransaction(writer, work);
  }

  /** Runs {@code work} on a reader connection (a snapshot on PostgreSQL); fails as {@link #write}. */
  <T> T read(Work<T> work) {
    return inTransaction(reader, work);
  }

  /**
   * Runs {@code work} on a reader connection in autocommit mode: each statement reads its own
   * snapshot, and no {@code COMMIT} follows (one round trip fewer on PostgreSQL than {@link #read}).
   * For work whose statements need not agree with one another. Fails as {@link #write}.
   */
  <T> T query(Work<T> work) {
    try (Connection c = reader.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw failure(e, false);
    }
  }

  /**
   * Invariant: whatever fails, the connection goes back to the pool in autocommit mode with no
   * transaction open, and the caller hears of the first failure, not of a clean-up's. (SQLite rolls
   * a transaction back by itself on {@code SQLITE_FULL}, so the rollback and the return to
   * autocommit then fail with "no transaction is active"; they must not hide the cause.)
   */
  private <T> T inTransaction(HikariDataSource ds, Work<T> work) {
    try (Connection c = ds.getConnection()) {
      T result;
      try {
        c.setAutoCommit(false);
        result = work.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        cleanUp(e, c::rollback);
        cleanUp(e, () -> c.setAutoCommit(true));
        throw e;
      }
      try {
        c.setAutoCommit(true);
      } catch (SQLException e) {
        // Committed already: the caller is not told otherwise; the connection is not trusted again.
        ds.evictConnection(c);
      }
      return result;
    } catch (SQLException e) {
      throw failure(e, ds == writer);
    }
  }

  @FunctionalInterface
  private interface CleanUp {
    void run() throws SQLException;
  }

  private static void cleanUp(Exception cause, CleanUp step) {
    try {
      step.run();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * The neutral exception for {@code e}; a write refused for want of space or as read-only is
   * told to {@link #health}.
   */
  private RuntimeException failure(SQLException e, boolean wrote) {
    RuntimeException out = StoreFaults.translate(e, retryAfter());
    if (wrote && out instanceof UnavailableException u && u.writesOnly()) {
      health.writeRefused(u);
    }
    return out;
  }

  /** What a caller refused for unavailability is told to wait: the configured wait, at least a second. */
  Duration retryAfter() {
    return timeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : timeout;
  }

  /** The pool that writes (for libraries that need a DataSource). */
  DataSource writerDataSource() {
    return writer;
  }

  /** A fresh connection outside the pools (for PostgreSQL's LISTEN). */
  Connection dedicatedConnection() throws SQLException {
    Connection c = java.sql.DriverManager.getConnection(settings.effectiveUrl(), settings.user(), settings.password());
    c.setAutoCommit(true);
    return c;
  }

  /** The NOTIFY channel for new work, one per schema so tests on separate schemas do not cross. */
  String workChannel() {
    return schema == null ? "herald_work" : "herald_work_" + schema.toLowerCase();
  }

  @Override
  public void close() {
    if (checkpointer != null) {
      checkpointer.close();
    }
    if (reader != writer) {
      reader.close();
    }
    writer.close();
  }
}
