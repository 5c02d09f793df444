package dev.herald.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL {@code LISTEN} on the work channel: every node's insert transaction sends a
 * {@code NOTIFY} that is delivered at commit, and this thread turns it into a local wake-up, so an
 * idle node starts dispatching at once instead of at its next poll. Reconnects after failures.
 */
final class WorkListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkListener.class);
  private final Database db;
  private volatile boolean running;
  private Thread thread;

  WorkListener(Database db) {
    this.db = db;
  }

  void start(Runnable onWork) {
    running = true;
    thread = Thread.ofPlatform().name("herald-pg-listen").daemon().start(() -> loop(onWork));
  }

  private void loop(Runnable onWork) {
    while (running) {
      try (Connection c = db.dedicatedConnection(); Statement s = c.createStatement()) {
        s.execute("LISTEN " + db.workChannel());
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notes = pg.getNotifications(500);
          if (notes != null && notes.length > 0) {
            onWork.run();
          }
        }
      } catch (SQLException e) {
        if (running) {
          LOG.warn("LISTEN connection failed; reconnecting in 1 s ({})", e.getMessage());
          sleep();
        }
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
