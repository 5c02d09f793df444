package dev.herald.store.jdbc;

import java.sql.PreparedStatement;
import java.util.function.Consumer;
import org.postgresql.PGNotification;

/**
 * Carries the live event stream between the nodes sharing one PostgreSQL: {@link #publish} sends a
 * payload with {@code NOTIFY} on the schema's events channel, and {@link #listen} hands every
 * payload any node sent (this one's included) to a consumer, from its own {@code LISTEN}
 * connection, reconnecting after failures. Delivery is PostgreSQL's: at most once, to the nodes
 * listening at the time, each payload under 8000 bytes.
 */
public final class EventRelay implements AutoCloseable {
  /** PostgreSQL's limit on a NOTIFY payload is 8000 bytes; stay under it. */
  public static final int MAX_PAYLOAD_BYTES = 7_900;
  private final Database db;
  private final String channel;
  private final ChannelListener listener;

  EventRelay(Database db) {
    this.db = db;
    this.channel = db.workChannel().replace("herald_work", "herald_events");
    this.listener = new ChannelListener(db, channel);
  }

  /** Sends one payload to every listening node (in its own transaction). */
  public void publish(String payload) {
    db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
        ps.setString(1, channel);
        ps.setString(2, payload);
        ps.execute();
      }
      return null;
    });
  }

  /** Starts listening; {@code onPayload} runs on the listener's thread. */
  public void listen(Consumer<String> onPayload) {
    listener.start("herald-pg-events", notes -> {
      for (PGNotification n : notes) {
        onPayload.accept(n.getParameter());
      }
    });
  }

  @Override
  public void close() {
    listener.close();
  }
}
