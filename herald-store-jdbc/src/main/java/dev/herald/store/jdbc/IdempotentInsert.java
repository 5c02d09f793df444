package dev.herald.store.jdbc;

import dev.herald.core.message.Message;
import dev.herald.core.store.MessageStore.IdempotencyClaim;
import dev.herald.core.store.MessageStore.InsertResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Inserts messages and their idempotency key in one transaction. The key row is inserted first with
 * {@code ON CONFLICT DO NOTHING}: of two concurrent requests with one key exactly one inserts it;
 * the other reads the winner's row and replays its messages (or is refused if its body differs).
 */
final class IdempotentInsert {
  /** Loads a message by tenant and id inside a transaction. */
  @FunctionalInterface
  interface Loader {
    Message load(Connection c, String tenantId, String id) throws SQLException;
  }

  private final Database db;
  private final Loader loader;

  IdempotentInsert(Database db, Loader loader) {
    this.db = db;
    this.loader = loader;
  }

  InsertResult insert(String tenantId, List<Message> messages, IdempotencyClaim claim) {
    return db.write(c -> {
      if (claim != null && !claimKey(c, tenantId, claim, messages)) {
        return earlier(c, tenantId, claim);
      }
      try (PreparedStatement ps = c.prepareStatement(Rows.INSERT)) {
        for (Message m : messages) {
          Rows.bindInsert(ps, m);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      if (db.dialect.supportsNotify()) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, '')")) {
          ps.setString(1, db.workChannel());
          ps.execute();
        }
      }
      return new InsertResult.Inserted(messages);
    });
  }

  private static boolean claimKey(Connection c, String tenantId, IdempotencyClaim claim, List<Message> messages)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO idempotency_keys (tenant_id, idem_key, request_hash, message_ids, created_at) VALUES (?, ?, ?, ?, ?) "
            + "ON CONFLICT (tenant_id, idem_key) DO NOTHING")) {
      ps.setString(1, tenantId);
      ps.setString(2, claim.key());
      ps.setString(3, claim.requestHash());
      ps.setString(4, String.join(",", messages.stream().map(Message::id).toList()));
      ps.setLong(5, messages.get(0).createdAt().toEpochMilli());
      return ps.executeUpdate() == 1;
    }
  }

  private InsertResult earlier(Connection c, String tenantId, IdempotencyClaim claim) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT request_hash, message_ids FROM idempotency_keys WHERE tenant_id = ? AND idem_key = ?")) {
      ps.setString(1, tenantId);
      ps.setString(2, claim.key());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (!rs.getString(1).equals(claim.requestHash())) {
          return new InsertResult.KeyReused();
        }
        List<Message> earlier = new ArrayList<>();
        for (String id : rs.getString(2).split(",")) {
          earlier.add(loader.load(c, tenantId, id));
        }
        return new InsertResult.Replayed(earlier);
      }
    }
  }
}
