package dev.herald.store.jdbc;

import dev.herald.core.error.UnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Group commit: callers on many threads each hand over one item and wait; one writer thread takes
 * whatever has queued (up to {@code maxGroup}) and writes it in one transaction, so N concurrent
 * callers cost one commit (one fsync) instead of N. Each caller returns only after its own item's
 * transaction committed, with that item's result.
 *
 * <p>On PostgreSQL several writer threads may take groups from the one queue, each in its own
 * transaction on its own connection; SQLite has one writer connection, so one thread. With a
 * partition key ({@link #partitioned}) each thread has a queue of its own and items of one key
 * always go to the same thread, so they are written one transaction after another, never in two
 * concurrent ones (which could not see each other's uncommitted rows).
 *
 * <p>When a group's transaction fails, each of its items is written again in a transaction of its
 * own, so one bad item fails only its own caller; but when the database is unavailable (no
 * connection within the store's wait), the whole group fails at once, as each item would.
 *
 * <p>Callers wait without a timer of their own: a caller's timed wait would cost the JVM a
 * delayed task (and a thread wake-up to arm and disarm it) per item. Instead one watchdog thread
 * looks at every group commit once a second and fails what has waited longer than the limit,
 * taking it out of its queue when no writer has taken it yet.
 *
 * <p>The same grouping serves reads that many requests make one at a time (a read-only group runs
 * on a reader connection in autocommit mode, with as many threads on SQLite as on PostgreSQL):
 * one query answers a whole group.
 *
 * @param <T> what a caller hands over
 * @param <R> what a caller gets back once committed
 */
final class GroupCommit<T, R> implements AutoCloseable {
  /** Writes items inside an open transaction; returns one result per item, in order. */
  @FunctionalInterface
  interface Writer<T, R> {
    List<R> write(Connection c, List<T> items) throws SQLException;
  }

  /** {@code queuedAt} in {@link System#nanoTime()} units. */
  private record Pending<T, R>(T item, CompletableFuture<R> done, long queuedAt) {}

  /** A long wait limit, for callers that are not requests (by default the store's wait, {@link Database#timeout}). */
  static final Duration LONG_WAIT_LIMIT = Duration.ofSeconds(60);
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
      r -> Thread.ofPlatform().name("herald-commit-watchdog").daemon().unstarted(r));

  private final Database db;
  private final int maxGroup;
  private final Writer<T, R> writer;
  private final boolean readOnly;
  private final List<LinkedBlockingQueue<Pending<T, R>>> queues = new ArrayList<>();
  private final Function<T, Object> partition;
  private final List<Thread> threads = new ArrayList<>();
  /** The group each thread is writing, or {@code null}. */
  private final AtomicReferenceArray<List<Pending<T, R>>> writing;
  private final long waitLimitNanos;
  private final ScheduledFuture<?> watch;
  private volatile boolean running = true;

  /**
   * Callers wait at most the store's wait ({@link Database#timeout}).
   *
   * @param pgThreads writer threads on PostgreSQL (SQLite always gets one)
   */
  GroupCommit(Database db, String threadName, int maxGroup, int pgThreads, Writer<T, R> writer) {
    this(db, threadName, maxGroup, pgThreads, false, null, db.timeout, writer);
  }

  /** As {@link #GroupCommit(Database, String, int, int, Writer)}, failing callers after {@code waitLimit}. */
  GroupCommit(Database db, String threadName, int maxGroup, int pgThreads, Duration waitLimit, Writer<T, R> writer) {
    this(db, threadName, maxGroup, pgThreads, false, null, waitLimit, writer);
  }

  /**
   * Groups reads: {@code reader} runs on a reader connection in autocommit mode ({@link Database#query}),
   * so its statements need not see one snapshot, on {@code threads} threads.
   */
  static <T, R> GroupCommit<T, R> reads(Database db, String threadName, int maxGroup, int threads, Writer<T, R> reader) {
    return new GroupCommit<>(db, threadName, maxGroup, threads, true, null, db.timeout, reader);
  }

  /**
   * Groups writes whose items of one {@code key} must be written one after another: each of the
   * {@code pgThreads} threads owns the keys that hash to it. A {@code null} key goes to the first.
   */
  static <T, R> GroupCommit<T, R> partitioned(Database db, String threadName, int maxGroup, int pgThreads,
      Function<T, Object> key, Writer<T, R> writer) {
    return new GroupCommit<>(db, threadName, maxGroup, pgThreads, false, key, db.timeout, writer);
  }

  private GroupCommit(Database db, String threadName, int maxGroup, int pgThreads, boolean readOnly,
      Function<T, Object> partition, Duration waitLimit, Writer<T, R> writer) {
    this.db = db;
    this.waitLimitNanos = waitLimit.toNanos();
    this.maxGroup = maxGroup;
    this.writer = writer;
    this.readOnly = readOnly;
    this.partition = partition;
    int n = db.dialect == Dialect.POSTGRESQL || readOnly ? pgThreads : 1;
    this.writing = new AtomicReferenceArray<>(n);
    LinkedBlockingQueue<Pending<T, R>> shared = new LinkedBlockingQueue<>();
    for (int i = 0; i < n; i++) {
      LinkedBlockingQueue<Pending<T, R>> queue = partition == null ? shared : new LinkedBlockingQueue<>();
      if (!queues.contains(queue)) {
        queues.add(queue);
      }
      int slot = i;
      threads.add(Thread.ofPlatform().name(threadName + "-" + i).daemon().start(() -> loop(queue, slot)));
    }
    // A caller is told within a tenth of its limit after the limit.
    long period = Math.max(10, Math.min(1_000, waitLimit.toMillis() / 10));
    this.watch = WATCHDOG.scheduleWithFixedDelay(this::failOverdue, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Queues {@code item} and waits until it is committed, at most the wait limit. A caller that gives
   * up (the wait ran out, or it was interrupted) takes its item back out of the queue if no writer
   * has taken it yet, so nothing it gave up on is written later; its error says which happened.
   *
   * @throws UnavailableException when the database is unavailable, or no commit came within the limit
   * @throws StoreException when writing it failed otherwise
   */
  R submit(T item) {
    if (!running) {
      throw new IllegalStateException("the store is closed");
    }
    CompletableFuture<R> done = new CompletableFuture<>();
    Pending<T, R> pending = new Pending<>(item, done, System.nanoTime());
    LinkedBlockingQueue<Pending<T, R>> queue = queueOf(item);
    queue.add(pending);
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a commit" + takeBack(queue, pending), e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  /** Takes a given-up item out of its queue if no writer took it yet; says which happened. */
  private static <T, R> String takeBack(LinkedBlockingQueue<Pending<T, R>> queue, Pending<T, R> pending) {
    return queue.remove(pending) ? " (nothing was written)" : " (it was being written: it may yet commit)";
  }

  /** The watchdog's round: fails every item queued longer ago than the wait limit and not yet done. */
  private void failOverdue() {
    long now = System.nanoTime();
    for (LinkedBlockingQueue<Pending<T, R>> queue : queues) {
      for (Pending<T, R> p : queue) {
        if (now - p.queuedAt() > waitLimitNanos && queue.remove(p)) {
          p.done().completeExceptionally(overdue(" (nothing was written)"));
        }
      }
    }
    for (int i = 0; i < writing.length(); i++) {
      List<Pending<T, R>> group = writing.get(i);
      if (group != null) {
        for (Pending<T, R> p : group) {
          if (now - p.queuedAt() > waitLimitNanos && !p.done().isDone()) {
            p.done().completeExceptionally(overdue(" (it was being written: it may yet commit)"));
          }
        }
      }
    }
  }

  private UnavailableException overdue(String what) {
    long ms = Duration.ofNanos(waitLimitNanos).toMillis();
    return new UnavailableException(UnavailableException.DATABASE_UNAVAILABLE, "no commit within "
        + (ms % 1_000 == 0 ? ms / 1_000 + " s" : ms + " ms") + "; the database is not keeping up or the writer stopped"
        + what, db.retryAfter(), null);
  }

  private LinkedBlockingQueue<Pending<T, R>> queueOf(T item) {
    if (partition == null || queues.size() == 1) {
      return queues.get(0);
    }
    Object key = partition.apply(item);
    return queues.get(key == null ? 0 : Math.floorMod(key.hashCode(), queues.size()));
  }

  private void loop(LinkedBlockingQueue<Pending<T, R>> queue, int slot) {
    List<Pending<T, R>> group = new ArrayList<>(maxGroup);
    while (running || !queue.isEmpty()) {
      try {
        Pending<T, R> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        queue.drainTo(group, maxGroup - 1);
        writing.set(slot, List.copyOf(group));
        write(group);
        writing.set(slot, null);
        group.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void write(List<Pending<T, R>> group) {
    try {
      List<R> results = run(group.stream().map(Pending::item).toList());
      for (int i = 0; i < group.size(); i++) {
        group.get(i).done().complete(results.get(i));
      }
    } catch (RuntimeException groupFailed) {
      if (groupFailed instanceof UnavailableException u && u.code().equals(UnavailableException.DATABASE_UNAVAILABLE)) {
        group.forEach(p -> p.done().completeExceptionally(groupFailed));
        return;
      }
      for (Pending<T, R> p : group) {
        try {
          p.done().complete(run(List.of(p.item())).get(0));
        } catch (RuntimeException e) {
          p.done().completeExceptionally(e);
        }
      }
    } catch (Error e) {
      // Whatever happens, every caller hears back and the thread keeps serving its queue.
      group.forEach(p -> p.done().completeExceptionally(e));
    }
  }

  private List<R> run(List<T> items) {
    return readOnly ? db.query(c -> writer.write(c, items)) : db.write(c -> writer.write(c, items));
  }

  /** Writes what is queued, then stops. */
  @Override
  public void close() {
    running = false;
    watch.cancel(false);
    try {
      for (Thread t : threads) {
        t.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
