package dev.herald.bench;

import dev.herald.core.message.Addresses;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageRequest;
import dev.herald.store.jdbc.JdbcMessageStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fills a fresh database with queued SMS messages before the server starts, through the store
 * itself ({@link JdbcMessageStore#insert}, 1,000 per transaction): the rows are exactly what
 * {@code POST /v1/messages/batch} would write, without spending the benchmark's time on HTTP. The
 * store migrates the schema on open, so the server finds it ready.
 */
final class Preload {
  static final String TENANT = "default";
  private static final int BATCH = 1_000;

  private Preload() {}

  /** Inserts {@code count} messages due now; returns the seconds it took. */
  static double messages(FreshDatabase db, int count) {
    return messages(db, 0, count, null);
  }

  /**
   * Inserts messages {@code first} to {@code first + count - 1}, due now or, with {@code sendAt},
   * scheduled for then; returns the seconds it took.
   */
  static double messages(FreshDatabase db, int first, int count, Instant sendAt) {
    long t0 = System.nanoTime();
    Addresses addresses = new Addresses("US");
    try (JdbcMessageStore store = JdbcMessageStore.open(db.storeSettings())) {
      List<Message> batch = new ArrayList<>(BATCH);
      for (int i = first; i < first + count; i++) {
        batch.add(request(i, sendAt).toMessage(TENANT, addresses, Instant.now(), c -> 4, null));
        if (batch.size() == BATCH || i == first + count - 1) {
          store.insert(TENANT, batch, null);
          batch.clear();
        }
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Opens and closes the store once, which creates the schema. */
  static void schema(FreshDatabase db) {
    JdbcMessageStore.open(db.storeSettings()).close();
  }

  static MessageRequest request(int i) {
    return request(i, null);
  }

  private static MessageRequest request(int i, Instant sendAt) {
    return new MessageRequest("sms", recipient(i), null, "Bench message " + i + ": your code is " + (100_000 + i % 900_000),
        null, null, null, null, sendAt, null, Map.of());
  }

  /** A plain US number (never one of the simulator's magic numbers). */
  static String recipient(int i) {
    return "+1415555" + String.format("%04d", 1_000 + i % 9_000);
  }
}
