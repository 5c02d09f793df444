package dev.herald.store.jdbc;

import dev.herald.core.provider.SendJournal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The simulator's durable journal in {@code simulator_sends}, with group commit: concurrent
 * {@link #record} calls are written together in one transaction by one writer thread, and each
 * caller returns only after its entry's transaction committed. On PostgreSQL the table is unlogged
 * (V15): it survives a crash of any Herald process, not one of PostgreSQL.
 */
final class JdbcSendJournal implements SendJournal, AutoCloseable {
  private static final int MAX_GROUP = 1_000;
  private final Database db;
  private final GroupCommit<Entry, Object> sends;
  private final LinkedBlockingQueue<String[]> reported = new LinkedBlockingQueue<>();
  private final Thread reportedWriter;
  private volatile boolean running = true;

  JdbcSendJournal(Database db) {
    this.db = db;
    // Not a request: a send told its entry failed while it may yet commit would be sent again, so it waits long.
    this.sends = new GroupCommit<>(db, "herald-journal-writer", MAX_GROUP, 2, GroupCommit.LONG_WAIT_LIMIT,
        JdbcSendJournal::insert);
    this.reportedWriter = Thread.ofPlatform().name("herald-journal-reported").daemon().start(this::reportedLoop);
  }

  /**
   * Moves the entries an older version kept in {@code store}'s own {@code simulator_sends} into
   * this journal's file, once: only while this journal is still empty, then the old rows are
   * deleted (a crash in between leaves them behind, unread, and this journal no longer empty).
   */
  void adoptFrom(Database store) {
    boolean empty = db.read(c -> Sql.one(c, "SELECT 1 FROM simulator_sends LIMIT 1", rs -> 1).isEmpty());
    if (!empty) {
      return;
    }
    List<Object[]> old = store.read(c -> Sql.query(c, "SELECT provider_message_id, message_id, tenant_id, channel, recipient, "
        + "node, accepted_at, reported_at FROM simulator_sends", rs -> new Object[] {rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7), rs.getObject(8)}));
    if (old.isEmpty()) {
      return;
    }
    db.write(c -> {
      for (Object[] row : old) {
        Sql.update(c, "INSERT INTO simulator_sends (provider_message_id, message_id, tenant_id, channel, recipient, node, "
            + "accepted_at, reported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row);
      }
      return null;
    });
    store.write(c -> Sql.update(c, "DELETE FROM simulator_sends"));
  }

  @Override
  public void record(Entry entry) {
    sends.submit(entry);
  }

  private static List<Object> insert(Connection c, List<Entry> entries) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO simulator_sends (provider_message_id, message_id, tenant_id, channel, recipient, node, accepted_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (Entry e : entries) {
        ps.setString(1, e.providerMessageId());
        ps.setString(2, e.messageId());
        ps.setString(3, e.tenantId());
        ps.setString(4, e.channel());
        ps.setString(5, e.recipient());
        ps.setString(6, e.node());
        ps.setLong(7, e.acceptedAt().toEpochMilli());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return Collections.nCopies(entries.size(), null);
  }

  @Override
  public void markReported(String providerMessageId, Instant at) {
    reported.add(new String[] {providerMessageId, Long.toString(at.toEpochMilli())});
  }

  private void reportedLoop() {
    List<String[]> group = new ArrayList<>();
    while (running || !reported.isEmpty()) {
      try {
        String[] first = reported.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        reported.drainTo(group, MAX_GROUP - 1);
        db.write(c -> {
          try (PreparedStatement ps = c.prepareStatement(
              "UPDATE simulator_sends SET reported_at = ? WHERE provider_message_id = ?")) {
            for (String[] r : group) {
              ps.setLong(1, Long.parseLong(r[1]));
              ps.setString(2, r[0]);
              ps.addBatch();
            }
            ps.executeBatch();
            return null;
          }
        });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // The notes are an optimisation: an entry left unmarked is replayed and deduplicated.
      }
      group.clear();
    }
  }

  @Override
  public List<Entry> unreported(int limit) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT * FROM simulator_sends WHERE reported_at IS NULL ORDER BY accepted_at LIMIT ?")) {
        ps.setInt(1, limit);
        return entries(ps);
      }
    });
  }

  private static List<Entry> entries(PreparedStatement ps) throws java.sql.SQLException {
    List<Entry> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Entry(rs.getString("provider_message_id"), rs.getString("message_id"), rs.getString("tenant_id"),
            rs.getString("channel"), rs.getString("recipient"), rs.getString("node"),
            Instant.ofEpochMilli(rs.getLong("accepted_at"))));
      }
    }
    return out;
  }

  @Override
  public List<Entry> list(String tenantId, String messageId, String after, int limit) {
    return db.read(c -> {
      String sql = "SELECT * FROM simulator_sends WHERE tenant_id = ? AND (? IS NULL OR message_id = ?) "
          + "AND (? IS NULL OR provider_message_id > ?) ORDER BY provider_message_id LIMIT ?";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, tenantId);
        ps.setString(2, messageId);
        ps.setString(3, messageId);
        ps.setString(4, after);
        ps.setString(5, after);
        ps.setInt(6, limit);
        return entries(ps);
      }
    });
  }

  @Override
  public Summary summary(String tenantId) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT COUNT(*), COUNT(DISTINCT message_id), (SELECT COUNT(*) FROM (SELECT message_id FROM simulator_sends "
              + "WHERE tenant_id = ? GROUP BY message_id HAVING COUNT(*) > 1) d) FROM simulator_sends WHERE tenant_id = ?")) {
        ps.setString(1, tenantId);
        ps.setString(2, tenantId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new Summary(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
      }
    });
  }

  @Override
  public void close() {
    running = false;
    sends.close();
    try {
      reportedWriter.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
