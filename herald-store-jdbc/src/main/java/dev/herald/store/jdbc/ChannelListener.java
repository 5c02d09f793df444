package dev.herald.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL {@code LISTEN} on one channel, on its own connection and thread: every batch of
 * notifications goes to a consumer. Reconnects a second after a failure (notifications sent in
 * between are lost to this listener).
 */
final class ChannelListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelListener.class);
  private final Database db;
  private final String channel;
  private volatile boolean running;
  private Thread thread;

  ChannelListener(Database db, String channel) {
    this.db = db;
    this.channel = channel;
  }

  void start(String threadName, Consumer<PGNotification[]> onNotes) {
    running = true;
    thread = Thread.ofPlatform().name(threadName).daemon().start(() -> loop(onNotes));
  }

  private void loop(Consumer<PGNotification[]> onNotes) {
    while (running) {
      try (Connection c = db.dedicatedConnection(); Statement s = c.createStatement()) {
        s.execute("LISTEN " + channel);
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notes = pg.getNotifications(500);
          if (notes != null && notes.length > 0) {
            onNotes.accept(notes);
          }
        }
      } catch (SQLException e) {
        if (running) {
          LOG.warn("LISTEN {} failed; reconnecting in 1 s ({})", channel, e.getMessage());
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
