package dev.herald.store.jdbc;

import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.StatusChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
 * has one node, the process that owns the file, and the next process takes over what it left in
 * flight ({@link #recover}); so a claim here is a read on a reader connection plus an entry in
 * this map, and the single writer connection (the store's bottleneck) never sees it. The claim is written with the
 * attempt's outcome, in the completion's own statement: attempt number, the claim's timeline
 * entries with the claim's time, then the outcome. Until then the row stays {@code queued} (or
 * {@code scheduled}) in the file and readers see it {@code sending} through {@link #overlay}.
 *
 * <p>Consistency with the file: a claim reads and records its leases under this object's lock,
 * and a completion drops its leases under the same lock only after its transaction committed. A
 * claim's read therefore either sees the committed outcome, or still finds the lease and skips
 * the row: a message is never claimed twice. A lease ends once: it is taken over either by its
 * attempt's completion or, when it ran out first, by the reaper (which writes the attempt as
 * spent), and it is dropped by identity, so a late outcome can never free a newer claim.
 *
 * <p>A crash loses the map, not the claims: each lease is also recorded in an {@link InFlightLog}
 * beside the file, and the next process starts by taking them over ({@link #recover}) until their
 * lease ends, as a node does with a dead node's leases in PostgreSQL. A message whose send reached
 * the provider before the crash is therefore not sent again at once: its provider's status
 * callback, if it names Herald's message id (Twilio's and SendGrid's do, through the callback URL
 * and {@code custom_args}; the simulator's too), can settle it first. A lease taken over this way is
 * reaped like any other when it runs out: the attempt is written as spent, and the message is due.
 * Like a row leased in PostgreSQL, such a message is judged by a report as {@code sending}
 * ({@link #held}; {@link ReportWriter} writes the claim with the report's move), so any report a
 * send can get settles it, {@code failed} and {@code undelivered} included.
 *
 * <p>What is given up against leases in the file: an attempt cut off by a crash is written only
 * when its lease is reaped or with the move of the report that settles it, not at the claim; and
 * without the log (an in-memory database, or a machine crash that lost the log's page cache) such
 * attempts leave no trace and their messages are due again at once.
 */
final class EmbeddedLeases {
  /** Who owns a lease's end: nobody yet, the completion writing its outcome, or the reaper. */
  enum State { IN_FLIGHT, COMPLETING, REAPING }

  /**
   * One message in flight: who claimed it, for which attempt, and its claim's timeline entries.
   * {@code state} changes only under the {@link EmbeddedLeases} lock.
   */
  static final class Lease {
    final String id;
    final String node;
    final int attempt;
    final Instant claimedAt;
    final Instant until;
    final boolean wasScheduled;
    final long rowid;
    final CompletableFuture<Void> settled = new CompletableFuture<>();
    State state = State.IN_FLIGHT;
    /** Its slot in the {@link InFlightLog}, or -1 when it is not recorded there. */
    int slot = -1;
    /** Taken over from a previous process ({@link #recover}): no outcome will come for it. */
    boolean recovered;

    Lease(String id, String node, int attempt, Instant claimedAt, Instant until, boolean wasScheduled, long rowid) {
      this.id = id;
      this.node = node;
      this.attempt = attempt;
      this.claimedAt = claimedAt;
      this.until = until;
      this.wasScheduled = wasScheduled;
      this.rowid = rowid;
    }

    /** The claim's timeline entries, encoded ({@link Timeline}). */
    String claimEntries() {
      return (wasScheduled ? Timeline.entry(claimedAt, MessageStatus.SCHEDULED, MessageStatus.QUEUED, "send_at reached") : "")
          + Timeline.entry(claimedAt, MessageStatus.QUEUED, MessageStatus.SENDING, Timeline.claimedBy(node));
    }

    List<StatusChange> changes() {
      return Timeline.decode(claimEntries());
    }
  }

  /**
   * The rowids of the {@code ?} due messages that come first in claim order, as one comma-separated text:
   * index-only (messages_due covers priority, due_at, status and the rowid), and one value through
   * the driver instead of a JNI round trip per entry. The set is exact (the subquery's ORDER BY
   * and LIMIT); the order of its elements is not promised (SQLite's group_concat, without an
   * ORDER BY of its own, which would double the query's cost), so a claim that must choose among
   * them orders them with {@link #ORDERED}, and a claim orders what it returns itself.
   */
  private static final String DUE = "SELECT group_concat(rowid) FROM ("
      + "SELECT rowid FROM messages WHERE status IN ('queued', 'scheduled') AND due_at <= ? "
      + "ORDER BY priority DESC, due_at LIMIT ?)";

  /** The first {@code ?} of the rowids in a JSON array, in claim order (messages_due's order). */
  private static final String ORDERED = "SELECT rowid FROM messages WHERE rowid IN (SELECT value FROM json_each(?)) "
      + "ORDER BY priority DESC, due_at, status, rowid LIMIT ?";

  /** The rows of the rowids in a JSON array, each packed into one column ({@link Rows#unpacked}). */
  private static final String ROWS = "SELECT rowid, " + Rows.PACKED_SEND_COLUMNS
      + " FROM messages WHERE rowid IN (SELECT value FROM json_each(?))";

  /** Where leases are recorded to outlive this process; null when they are not (an in-memory database). */
  private final InFlightLog log;

  /** @param log records the leases for the next process after a crash; null to keep them in memory only */
  EmbeddedLeases(InFlightLog log) {
    this.log = log;
  }

  /** Changed only under this object's lock; read without it ({@link #get}, {@link #snapshot}). */
  private final Map<String, Lease> byId = new java.util.concurrent.ConcurrentHashMap<>();
  private final Set<Long> rowids = new HashSet<>();

  /**
   * Claims up to {@code limit} due messages for {@code node}: highest priority first, then oldest
   * due time, skipping messages already in flight. Returned as {@code sending}, attempt counted.
   */
  synchronized List<Message> claim(Database db, String node, Instant now, Instant until, int limit) {
    return db.read(c -> {
      // Leases in flight are skipped here, in memory, so the scan reads that many more index entries.
      // An aggregate answers one row, NULL when nothing is due.
      String found = Sql.query(c, DUE, rs -> rs.getString(1), now.toEpochMilli(), limit + rowids.size()).get(0);
      List<Long> due = new ArrayList<>(limit);
      if (found != null) {
        for (String r : found.split(",")) {
          long rowid = Long.parseLong(r);
          if (!rowids.contains(rowid)) {
            due.add(rowid);
          }
        }
      }
      if (due.isEmpty()) {
        return List.of();
      }
      if (due.size() > limit) {
        // Fewer of the scanned entries were in flight than are in flight now: some lie behind due
        // ones (a message of higher priority came after them), or their outcome committed (it left
        // the index) and is still to be settled here. Take the first in claim order.
        due = Sql.query(c, ORDERED, rs -> rs.getLong(1), jsonArray(due), limit);
      }
      Map<Long, Message> rows = new HashMap<>();
      for (Map.Entry<Long, Message> row : Sql.query(c, ROWS, rs -> Map.entry(rs.getLong(1), Rows.unpacked(rs.getString(2))),
          jsonArray(due))) {
        rows.put(row.getKey(), row.getValue());
      }
      List<Message> out = new ArrayList<>(due.size());
      for (long rowid : due) {
        Message m = rows.get(rowid);
        if (m == null || byId.containsKey(m.id())) {
          continue;
        }
        Lease lease = new Lease(m.id(), node, m.attempts() + 1, now, until, m.status() == MessageStatus.SCHEDULED, rowid);
        byId.put(m.id(), lease);
        rowids.add(rowid);
        if (log != null) {
          lease.slot = log.record(node, rowid, m.id(), lease.attempt, now.toEpochMilli(), until.toEpochMilli());
        }
        out.add(m.claimed(lease.attempt, now, List.of()));
      }
      out.sort(CLAIM_ORDER);
      return out;
    });
  }

  /** Rowid, id, status, attempts and last change of the rowids in a JSON array. */
  private static final String LEFT_ROWS = "SELECT rowid, id, status, attempts, updated_at FROM messages "
      + "WHERE rowid IN (SELECT value FROM json_each(?))";

  /**
   * Takes over the leases the previous process left in the {@link InFlightLog}: those whose
   * message still waits for that attempt (its outcome was never written: still waiting, with the
   * attempts before it, unchanged since the claim, and the id the claim recorded) are held, under
   * the claiming node's name, until {@link RowLeases#TAKEOVER_AFTER} past the lease's own end (when
   * a PostgreSQL node would take such a lease over), then reaped; the others are dropped. Call
   * once, before the first claim. A failure leaves the log's entries in place for the next start.
   *
   * @return the leases taken over
   */
  synchronized List<Lease> recover(Database db) {
    if (log == null || log.left().isEmpty()) {
      return List.of();
    }
    Map<Long, InFlightLog.Entry> left = new HashMap<>();
    log.left().forEach(e -> left.put(e.rowid(), e));
    String node = log.leftBy().isEmpty() ? "unknown node" : log.leftBy();
    Map<Long, Lease> kept = new HashMap<>();
    db.read(c -> Sql.query(c, LEFT_ROWS, rs -> {
      long rowid = rs.getLong(1);
      String id = rs.getString(2);
      InFlightLog.Entry e = left.get(rowid);
      MessageStatus status = MessageStatus.fromWire(rs.getString(3));
      if (e != null && id.hashCode() == e.idHash() && status.isWaiting() && rs.getInt(4) == e.attempt() - 1
          && rs.getLong(5) <= e.claimedAtMillis()) {
        // Held as long as a PostgreSQL node waits before it takes over a dead node's lease.
        Lease lease = new Lease(id, node, e.attempt(), Instant.ofEpochMilli(e.claimedAtMillis()),
            Instant.ofEpochMilli(e.untilMillis()).plus(RowLeases.TAKEOVER_AFTER), status == MessageStatus.SCHEDULED, rowid);
        // No outcome will come for it: a report on its message is judged at once, not after the lease.
        lease.settled.complete(null);
        lease.recovered = true;
        lease.slot = e.slot();
        kept.put(rowid, lease);
      }
      return rowid;
    }, jsonArray(new ArrayList<>(left.keySet()))));
    for (InFlightLog.Entry e : log.left()) {
      Lease lease = kept.get(e.rowid());
      if (lease == null || lease.slot != e.slot()) {
        log.clear(e.slot());
      } else {
        byId.put(lease.id, lease);
        rowids.add(lease.rowid);
      }
    }
    return List.copyOf(kept.values());
  }

  /** Highest priority first, then oldest due time, then oldest message: the claim index's order. */
  private static final Comparator<Message> CLAIM_ORDER = Comparator
      .comparingInt((Message m) -> -m.priority().level()).thenComparing(Message::dueAt).thenComparing(Message::id);

  /** {@code rowids} as a JSON array, for {@code json_each}. */
  private static String jsonArray(List<Long> rowids) {
    StringBuilder out = new StringBuilder(rowids.size() * 8).append('[');
    for (int i = 0; i < rowids.size(); i++) {
      out.append(i == 0 ? "" : ",").append(rowids.get(i));
    }
    return out.append(']').toString();
  }

  /**
   * Runs {@code work} while no claim can read: a change to a waiting message (a cancel) made here
   * is either seen by the next claim or refused because the message is already in flight.
   */
  synchronized <T> T exclusive(java.util.function.Supplier<T> work) {
    return work.get();
  }

  /** The leases now in flight, by message id (a copy). */
  Map<String, Lease> snapshot() {
    return new HashMap<>(byId);
  }

  /**
   * The lease a restart holds on message {@code id} ({@link #recover}), or null. Also while it is
   * being reaped: a report's move and the reaping are guarded by the same attempt number, so the
   * one that commits second changes nothing (and a raced report is judged again). Without this
   * object's lock, which a claim holds while it reads (every report asks): {@code recovered} is
   * set before the lease is published in the concurrent map.
   */
  Lease held(String id) {
    Lease l = byId.get(id);
    return l != null && l.recovered ? l : null;
  }

  /**
   * Drops the lease a restart holds on message {@code id}, if any, once a report's move has
   * written its claim (the row no longer waits for that attempt). A lease being reaped meanwhile
   * is dropped here or by the reaper, whichever comes first; its slot is freed once.
   */
  void releaseHeld(String id) {
    Lease l = held(id);
    if (l != null) {
      settle(List.of(l));
    }
  }

  /** The lease on message {@code id}, or null when it is not in flight. */
  Lease get(String id) {
    return byId.get(id);
  }

  /**
   * The leases these outcomes may be written under, taken over for writing: held by the outcome's
   * node for its attempt, and not being reaped. An outcome whose lease was lost (reaped, claimed
   * again) gets none and changes nothing, as a lease in the file would have it. Taking over an
   * already completing lease again is allowed (a failed outcome write is retried).
   */
  synchronized Map<String, Lease> takeForCompletion(Collection<dev.herald.core.store.Completion> outcomes) {
    Map<String, Lease> out = new HashMap<>();
    for (var d : outcomes) {
      Lease l = byId.get(d.messageId());
      if (l != null && l.state != State.REAPING && l.node.equals(d.node()) && l.attempt == d.attempt()) {
        l.state = State.COMPLETING;
        out.put(d.messageId(), l);
      }
    }
    return out;
  }

  /**
   * Hands leases taken over by {@link #takeForCompletion} or {@link #takeExpired} back, still in
   * flight, after their write failed: the outcome can be written again, or the lease reaped.
   */
  synchronized void release(Collection<Lease> taken) {
    for (Lease l : taken) {
      if (byId.get(l.id) == l) {
        l.state = State.IN_FLIGHT;
      }
    }
  }

  /** Leases still in flight that ran out before {@code cutoff}, taken over for reaping. */
  synchronized List<Lease> takeExpired(Instant cutoff) {
    List<Lease> out = new ArrayList<>();
    for (Lease l : byId.values()) {
      if (l.state == State.IN_FLIGHT && l.until.isBefore(cutoff)) {
        l.state = State.REAPING;
        out.add(l);
      }
    }
    return out;
  }

  /**
   * Drops {@code done}, whose outcomes are committed (or whose reaping is), and wakes whoever
   * waits on them. A lease is dropped only if it is still the one in the map.
   */
  void settle(Collection<Lease> done) {
    synchronized (this) {
      for (Lease l : done) {
        if (byId.remove(l.id, l)) {
          rowids.remove(l.rowid);
          if (log != null) {
            log.clear(l.slot);
          }
        }
      }
    }
    done.forEach(l -> l.settled.complete(null));
  }

  /**
   * Waits until the attempt in flight on {@code id}, if any, has its outcome committed, for at
   * most the lease's length: a provider's report on it is then judged against that outcome, as it
   * would be against a lease in the file.
   *
   * @param max the longest this caller may wait
   * @return false when the attempt is still in flight after {@code max}, its lease not yet run out
   */
  boolean awaitSettled(String id, Duration max) {
    Lease l = get(id);
    if (l == null) {
      return true;
    }
    long lease = Math.max(1, Duration.between(l.claimedAt, l.until).toMillis());
    long wait = Math.min(lease, max.toMillis());
    try {
      l.settled.get(wait, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // After the whole lease without an outcome, the report is judged against the file as it is.
      return wait == lease;
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  /**
   * {@code m} as readers should see it, given {@code lease}, the lease on it looked up before
   * {@code m} was read: {@code sending}, with its claim, while that attempt is in flight and the
   * row still waits for it. A row read after the outcome committed is shown as it is.
   */
  static Message overlay(Message m, Lease lease) {
    boolean waiting = m.status().isWaiting();
    return lease == null || !waiting || m.attempts() != lease.attempt - 1 ? m : m.claimed(lease.attempt, lease.claimedAt, lease.changes());
  }
}
