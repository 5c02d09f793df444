package dev.herald.store.jdbc;

import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.StatusChange;
import dev.herald.core.store.MessageStore.ClaimAtInsert;
import dev.herald.core.store.MessageStore.IdempotencyClaim;
import dev.herald.core.store.MessageStore.InsertResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Inserts messages and their idempotency key in one transaction. The key row is inserted first with
 * {@code ON CONFLICT DO NOTHING}: of two concurrent requests with one key exactly one inserts it;
 * the other reads the winner's row and replays its messages (or is refused if its body differs).
 * After the commit, other nodes are told through the {@link WorkNotifier}, unless every new message
 * was claimed in the insert for this node ({@link ClaimAtInsert}).
 *
 * <p>Single-message requests arriving together share one transaction ({@link GroupCommit}), so a
 * burst of accepts costs a few commits (fsyncs) instead of one each; a failure in a group is
 * retried request by request, so each request is still all or nothing. On PostgreSQL batch
 * requests, already one transaction for many rows, are written on the caller's thread, in parallel
 * over the pool. On SQLite, whose single writer connection takes them one at a time anyway, batch
 * requests arriving together share one transaction too (at most {@value #MAX_BATCH_GROUP}, so a
 * single-message request waits behind at most that many): one commit writes the index pages they
 * share to the WAL once, not once per request (BENCHMARKS.md, S2).
 */
final class IdempotentInsert implements AutoCloseable {
  /** Loads a message by tenant and id inside a transaction. */
  @FunctionalInterface
  interface Loader {
    Message load(Connection c, String tenantId, String id) throws SQLException;
  }

  private record Request(String tenantId, List<Message> messages, IdempotencyClaim claim, ClaimAtInsert atInsert) {}

  /** Most single-message requests written in one transaction. */
  private static final int MAX_GROUP = 256;
  /** Most batch requests (of up to 1,000 messages each) written in one transaction on SQLite. */
  private static final int MAX_BATCH_GROUP = 4;
  private final Database db;
  private final Loader loader;
  private final WorkNotifier notifier;
  private final GroupCommit<Request, InsertResult> singles;
  /** SQLite's group commit of batch requests; {@code null} on PostgreSQL. */
  private final GroupCommit<Request, InsertResult> batches;

  /** @param notifier announces committed inserts to other nodes, or {@code null} (single node) */
  IdempotentInsert(Database db, Loader loader, WorkNotifier notifier) {
    this.db = db;
    this.loader = loader;
    this.notifier = notifier;
    this.singles = new GroupCommit<>(db, "herald-accept-writer", MAX_GROUP, 4, this::insertAll);
    this.batches = db.dialect == Dialect.SQLITE
        ? new GroupCommit<>(db, "herald-batch-writer", MAX_BATCH_GROUP, 1, this::insertAll) : null;
  }

  /**
   * @param atInsert claims to take in the insert, or {@code null}
   */
  InsertResult insert(String tenantId, List<Message> messages, IdempotencyClaim claim, ClaimAtInsert atInsert) {
    Request request = new Request(tenantId, messages, claim, atInsert);
    InsertResult result = messages.size() == 1 ? singles.submit(request)
        : batches != null ? batches.submit(request)
        : db.write(c -> insertAll(c, List.of(request)).get(0));
    // Other nodes only need to hear of messages left waiting in the queue.
    if (notifier != null && result instanceof InsertResult.Inserted ins && ins.claimed().size() < ins.messages().size()) {
      notifier.announce();
    }
    return result;
  }

  /**
   * Each request's key first (its claim or its earlier result), then every new row in one batch
   * (split where a key turns out to be taken: the earlier request may be in this very group): on
   * PostgreSQL, for a group of at least {@value CopyRows#WORTH_FROM} messages, with {@code COPY}
   * ({@link CopyRows}), otherwise as a batched insert.
   */
  private List<InsertResult> insertAll(Connection c, List<Request> requests) throws SQLException {
    int rows = 0;
    for (Request r : requests) {
      rows += r.messages().size();
    }
    if (db.dialect == Dialect.POSTGRESQL && rows >= CopyRows.WORTH_FROM) {
      CopyRows copy = new CopyRows(Rows.INSERT_TARGET);
      return insertAll(c, requests, (m, claim) -> {
        Rows.writeInsert(copy, m, claim);
        copy.endRow();
      }, () -> copy.copyTo(c));
    }
    try (PreparedStatement ps = c.prepareStatement(Rows.INSERT)) {
      return insertAll(c, requests, (m, claim) -> {
        Rows.bindInsert(ps, m, claim);
        ps.addBatch();
      }, ps::executeBatch);
    }
  }

  /** Takes a new row, to be written at the next {@link Flush}. */
  @FunctionalInterface
  private interface RowSink {
    void add(Message m, ClaimAtInsert claim) throws SQLException;
  }

  /** Writes the rows taken so far. */
  @FunctionalInterface
  private interface Flush {
    void run() throws SQLException;
  }

  private List<InsertResult> insertAll(Connection c, List<Request> requests, RowSink sink, Flush flush)
      throws SQLException {
    List<InsertResult> results = new ArrayList<>(requests.size());
    for (Request r : requests) {
      if (r.claim() != null && !claimKey(c, r.tenantId(), r.claim(), r.messages())) {
        flush.run(); // the earlier request may be in this very group
        results.add(earlier(c, r.tenantId(), r.claim()));
        continue;
      }
      List<Message> claimed = new ArrayList<>();
      Set<String> toClaim = toClaim(r.messages(), r.atInsert());
      for (Message m : r.messages()) {
        boolean claim = toClaim.contains(m.id());
        sink.add(m, claim ? r.atInsert() : null);
        if (claim) {
          ClaimAtInsert a = r.atInsert();
          claimed.add(m.claimed(1, a.now(), List.of(new StatusChange(a.now(), MessageStatus.QUEUED, MessageStatus.SENDING,
              Timeline.claimedBy(a.node())))));
        }
      }
      results.add(new InsertResult.Inserted(r.messages(), claimed));
    }
    flush.run();
    return results;
  }

  @Override
  public void close() {
    singles.close();
    if (batches != null) {
      batches.close();
    }
  }

  /** The ids of the messages to claim at insert: due now and queued, highest priority first, at most {@code max}. */
  private static Set<String> toClaim(List<Message> messages, ClaimAtInsert atInsert) {
    if (atInsert == null) {
      return Set.of();
    }
    return messages.stream()
        .filter(m -> m.status() == MessageStatus.QUEUED && !m.dueAt().isAfter(atInsert.now()))
        .sorted(Comparator.comparingInt((Message m) -> m.priority().level()).reversed())
        .limit(atInsert.max()).map(Message::id).collect(Collectors.toSet());
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
