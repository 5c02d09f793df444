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
 *
 * <p>Notifications are at least {@link #MIN_INTERVAL_NANOS} apart (at most 200 a second): each is a
 * transaction of its own, which PostgreSQL signals to every listening backend, so under a steady
 * stream of accepts one per insert group cost the database more than the wake-ups are worth. Other
 * nodes hear of new work at most 5 ms later; this node's own workers are woken directly.
 */
final class WorkNotifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkNotifier.class);
  /** Least time between two notifications: 5 ms. */
  static final long MIN_INTERVAL_NANOS = 5_000_000;
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
    if (!pending.getAndSet(true)) { // else the thread has yet to see the last one, and will see this with it
      LockSupport.unpark(thread);
    }
  }

  private void loop() {
    Connection c = null;
    long last = System.nanoTime() - MIN_INTERVAL_NANOS;
    while (running) {
      if (!pending.get()) {
        LockSupport.park(this);
        continue;
      }
      long wait = last + MIN_INTERVAL_NANOS - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(this, wait); // announcements meanwhile join this notification
        continue;
      }
      pending.set(false);
      last = System.nanoTime();
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
        c = Sql.closeQuietly(c);
      }
    }
    Sql.closeQuietly(c);
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
