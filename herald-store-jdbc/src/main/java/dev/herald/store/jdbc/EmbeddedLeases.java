package dev.herald.store.jdbc;

import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.StatusChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The leases of the embedded (SQLite) store, held in memory instead of in the file.
 *
 * <p>A lease exists so that another node can take over a dead node's messages. The embedded store
 * has one node, the process that owns the file, and it recovers every lease when it starts anyway;
 * so a claim here is a read on a reader connection plus an entry in this map, and the single
 * writer connection (the store's bottleneck) never sees it. The claim is written with the
 * attempt's outcome, in the completion's own statement: attempt number, the claim's timeline
 * entries with the claim's time, then the outcome. Until then the row stays {@code queued} (or
 * {@code scheduled}) in the file and readers see it {@code sending} through {@link #overlay}.
 *
 * <p>Consistency with the file: a claim reads and records its leases under this object's lock,
 * and a completion drops its leases under the same lock only after its transaction committed. A
 * claim's read therefore either sees the committed outcome, or still finds the lease and skips
 * the row: a message is never claimed twice.
 *
 * <p>What is given up against leases in the file: an attempt cut off by a crash leaves no trace
 * (it was never written), and it does not count against the message's attempts.
 */
final class EmbeddedLeases {
  /** One message in flight: who claimed it, for which attempt, and its claim's timeline entries. */
  record Lease(String node, int attempt, Instant claimedAt, Instant until, boolean wasScheduled, long rowid,
      CompletableFuture<Void> settled) {

    /** The claim's timeline entries, encoded ({@link Timeline}). */
    String claimEntries() {
      return (wasScheduled ? Timeline.entry(claimedAt, MessageStatus.SCHEDULED, MessageStatus.QUEUED, "send_at reached") : "")
          + Timeline.entry(claimedAt, MessageStatus.QUEUED, MessageStatus.SENDING, "claimed by " + node);
    }

    List<StatusChange> changes() {
      return Timeline.decode(claimEntries());
    }
  }

  private static final String DUE = "SELECT rowid FROM messages WHERE status IN ('queued', 'scheduled') AND due_at <= ? "
      + "ORDER BY priority DESC, due_at LIMIT ?";

  private static final int SEND_COLUMN_COUNT = Rows.SEND_COLUMNS.split(",").length;

  private final Map<String, Lease> byId = new HashMap<>();
  private final Set<Long> rowids = new HashSet<>();

  /**
   * Claims up to {@code limit} due messages for {@code node}: highest priority first, then oldest
   * due time, skipping messages already in flight. Returned as {@code sending}, attempt counted.
   */
  synchronized List<Message> claim(Database db, String node, Instant now, Instant until, int limit) {
    return db.read(c -> {
      // Index-only (messages_due covers priority, due_at, status and the rowid): leases in flight
      // are skipped here, in memory, so the scan reads that many more index entries.
      List<Long> due = new ArrayList<>(limit);
      for (long rowid : Sql.query(c, DUE, rs -> rs.getLong(1), now.toEpochMilli(), limit + rowids.size())) {
        if (due.size() < limit && !rowids.contains(rowid)) {
          due.add(rowid);
        }
      }
      Map<Long, Message> rows = new HashMap<>();
      for (Map.Entry<Long, Message> row : Sql.queryIn(c, "SELECT " + Rows.SEND_COLUMNS + ", rowid FROM messages WHERE rowid",
          due.stream().map(List::of).toList(), "", rs -> Map.entry(rs.getLong(SEND_COLUMN_COUNT + 1), Rows.message(rs, false)))) {
        rows.put(row.getKey(), row.getValue());
      }
      List<Message> out = new ArrayList<>(due.size());
      for (long rowid : due) {
        Message m = rows.get(rowid);
        if (m == null || byId.containsKey(m.id())) {
          continue;
        }
        Lease lease = new Lease(node, m.attempts() + 1, now, until, m.status() == MessageStatus.SCHEDULED, rowid,
            new CompletableFuture<>());
        byId.put(m.id(), lease);
        rowids.add(rowid);
        out.add(m.claimed(lease.attempt(), now, List.of()));
      }
      return out;
    });
  }

  /**
   * Runs {@code work} while no claim can read: a change to a waiting message (a cancel) made here
   * is either seen by the next claim or refused because the message is already in flight.
   */
  synchronized <T> T exclusive(java.util.function.Supplier<T> work) {
    return work.get();
  }

  /** The lease on message {@code id}, or null when it is not in flight. */
  synchronized Lease get(String id) {
    return byId.get(id);
  }

  /** Whether {@code node} holds the lease on {@code id} for {@code attempt}. */
  synchronized boolean holds(String id, String node, int attempt) {
    Lease l = byId.get(id);
    return l != null && l.node().equals(node) && l.attempt() == attempt;
  }

  /** Leases that ran out before {@code cutoff}, still held (drop them with {@link #settle}). */
  synchronized Map<String, Lease> expired(Instant cutoff) {
    Map<String, Lease> out = new HashMap<>();
    byId.forEach((id, l) -> {
      if (l.until().isBefore(cutoff)) {
        out.put(id, l);
      }
    });
    return out;
  }

  /** Drops the leases on {@code ids}, whose outcomes are committed, and wakes whoever waits on them. */
  void settle(Collection<String> ids) {
    List<Lease> done = new ArrayList<>(ids.size());
    synchronized (this) {
      for (String id : ids) {
        Lease l = byId.remove(id);
        if (l != null) {
          rowids.remove(l.rowid());
          done.add(l);
        }
      }
    }
    done.forEach(l -> l.settled().complete(null));
  }

  /**
   * Waits until the attempt in flight on {@code id}, if any, has its outcome committed, for at
   * most the lease's length: a provider's report on it is then judged against that outcome, as it
   * would be against a lease in the file.
   */
  void awaitSettled(String id) {
    Lease l = get(id);
    if (l == null) {
      return;
    }
    try {
      l.settled().get(Math.max(1, Duration.between(l.claimedAt(), l.until()).toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // The lease ran out without an outcome; the report is judged against the file as it is.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code m} as readers should see it: {@code sending}, with its claim, while in flight. */
  Message overlay(Message m) {
    Lease l = get(m.id());
    return l == null ? m : m.claimed(l.attempt(), l.claimedAt(), l.changes());
  }
}
