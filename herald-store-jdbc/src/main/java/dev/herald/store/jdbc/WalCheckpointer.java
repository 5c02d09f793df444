package dev.herald.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies an SQLite database's WAL back into its file from a thread and connection of its own,
 * every {@link #PERIOD_NANOS}, with {@code PRAGMA wal_checkpoint(PASSIVE)}. A passive checkpoint
 * runs beside the writer and readers without blocking them (sqlite.org/wal.html §"Checkpointing"),
 * so the single writer's commits no longer pay for the copy: with only the writer's automatic
 * checkpoint, the commit that crossed the limit copied up to 10,000 pages and synced the file
 * while every waiting accept stalled behind it (BENCHMARKS.md, S2 on SQLite). The writer's
 * automatic checkpoint stays as a backstop ({@link Database#WAL_AUTOCHECKPOINT_PAGES}) for when
 * this thread falls behind.
 */
final class WalCheckpointer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
  /** Time between two checkpoints: 250 ms. */
  static final long PERIOD_NANOS = 250_000_000;
  private final DataSource source;
  private final Thread thread;
  private volatile boolean running = true;

  /** @param source opens connections to the database (outside its pools) */
  WalCheckpointer(DataSource source, String name) {
    this.source = source;
    this.thread = Thread.ofPlatform().name(name + "-wal-checkpointer").daemon().start(this::loop);
  }

  private void loop() {
    Connection c = null;
    while (running) {
      LockSupport.parkNanos(this, PERIOD_NANOS);
      if (!running) {
        break;
      }
      try {
        if (c == null) {
          c = source.getConnection();
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
          rs.next(); // (busy, WAL frames, frames checkpointed): nothing to act on, the next round goes on
        }
      } catch (SQLException e) {
        LOG.warn("a background WAL checkpoint failed; the writer's own checkpoints go on ({})", e.getMessage());
        c = Sql.closeQuietly(c);
      }
    }
    Sql.closeQuietly(c);
  }

  /** Stops the thread after its current checkpoint. */
  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
