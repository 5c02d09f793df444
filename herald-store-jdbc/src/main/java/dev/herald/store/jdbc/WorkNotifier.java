package dev.herald.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces new work to other nodes ({@code pg_notify} on the work channel) after inserts commit,
 * coalesced: however many inserts commit while one notification is being sent, the next
 * notification covers them all. Sending {@code NOTIFY} inside every insert transaction would make
 * each commit take PostgreSQL's global notify lock, serialising concurrent accepts; a wake-up is
 * only a hint (polling is the fallback), so it need not share the insert's transaction.
 */
final class WorkNotifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkNotifier.class);
  private final Database db;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final Thread thread;
  private volatile boolean running = true;

  WorkNotifier(Database db) {
    this.db = db;
    this.thread = Thread.ofPlatform().name("herald-pg-notify").daemon().start(this::loop);
  }

  /** Asks for a notification soon; cheap, never blocks. */
  void announce() {
    pending.set(true);
    LockSupport.unpark(thread);
  }

  private void loop() {
    Connection c = null;
    while (running) {
      if (!pending.getAndSet(false)) {
        LockSupport.park(this);
        continue;
      }
      try {
        if (c == null) {
          c = db.dedicatedConnection();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, '')")) {
          ps.setString(1, db.workChannel());
          ps.execute();
        }
      } catch (SQLException e) {
        LOG.warn("announcing new work to other nodes failed; they will find it by polling ({})", e.getMessage());
        c = closeQuietly(c);
      }
    }
    closeQuietly(c);
  }

  private static Connection closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // already broken
      }
    }
    return null;
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
