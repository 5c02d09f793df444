package dev.herald.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * own, so one bad item fails only its own caller.
 *
 * <p>The same grouping serves reads that many requests make one at a time (a read-only group runs
 * on a reader connection, with as many threads on SQLite as on PostgreSQL): one query answers a
 * whole group.
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

  private record Pending<T, R>(T item, CompletableFuture<R> done) {}

  private final Database db;
  private final int maxGroup;
  private final Writer<T, R> writer;
  private final boolean readOnly;
  private final List<LinkedBlockingQueue<Pending<T, R>>> queues = new ArrayList<>();
  private final Function<T, Object> partition;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  /** @param pgThreads writer threads on PostgreSQL (SQLite always gets one) */
  GroupCommit(Database db, String threadName, int maxGroup, int pgThreads, Writer<T, R> writer) {
    this(db, threadName, maxGroup, pgThreads, false, null, writer);
  }

  /** Groups reads: {@code reader} runs in a read-only transaction on {@code threads} threads. */
  static <T, R> GroupCommit<T, R> reads(Database db, String threadName, int maxGroup, int threads, Writer<T, R> reader) {
    return new GroupCommit<>(db, threadName, maxGroup, threads, true, null, reader);
  }

  /**
   * Groups writes whose items of one {@code key} must be written one after another: each of the
   * {@code pgThreads} threads owns the keys that hash to it. A {@code null} key goes to the first.
   */
  static <T, R> GroupCommit<T, R> partitioned(Database db, String threadName, int maxGroup, int pgThreads,
      Function<T, Object> key, Writer<T, R> writer) {
    return new GroupCommit<>(db, threadName, maxGroup, pgThreads, false, key, writer);
  }

  private GroupCommit(Database db, String threadName, int maxGroup, int pgThreads, boolean readOnly,
      Function<T, Object> partition, Writer<T, R> writer) {
    this.db = db;
    this.maxGroup = maxGroup;
    this.writer = writer;
    this.readOnly = readOnly;
    this.partition = partition;
    int n = db.dialect == Dialect.POSTGRESQL || readOnly ? pgThreads : 1;
    LinkedBlockingQueue<Pending<T, R>> shared = new LinkedBlockingQueue<>();
    for (int i = 0; i < n; i++) {
      LinkedBlockingQueue<Pending<T, R>> queue = partition == null ? shared : new LinkedBlockingQueue<>();
      queues.add(queue);
      threads.add(Thread.ofPlatform().name(threadName + "-" + i).daemon().start(() -> loop(queue)));
    }
  }

  /**
   * Queues {@code item} and waits until it is committed, at most 60 s. A caller that gives up (the
   * wait ran out, or it was interrupted) takes its item back out of the queue if no writer has taken
   * it yet, so nothing it gave up on is written later; its error says which happened.
   *
   * @throws StoreException when writing it failed
   */
  R submit(T item) {
    if (!running) {
      throw new IllegalStateException("the store is closed");
    }
    CompletableFuture<R> done = new CompletableFuture<>();
    Pending<T, R> pending = new Pending<>(item, done);
    LinkedBlockingQueue<Pending<T, R>> queue = queueOf(item);
    queue.add(pending);
    try {
      return done.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("no commit within 60 s; the database is not keeping up or the writer stopped"
          + takeBack(queue, pending), e);
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

  private LinkedBlockingQueue<Pending<T, R>> queueOf(T item) {
    if (partition == null || queues.size() == 1) {
      return queues.get(0);
    }
    Object key = partition.apply(item);
    return queues.get(key == null ? 0 : Math.floorMod(key.hashCode(), queues.size()));
  }

  private void loop(LinkedBlockingQueue<Pending<T, R>> queue) {
    List<Pending<T, R>> group = new ArrayList<>(maxGroup);
    while (running || !queue.isEmpty()) {
      try {
        Pending<T, R> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        queue.drainTo(group, maxGroup - 1);
        write(group);
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
    return readOnly ? db.read(c -> writer.write(c, items)) : db.write(c -> writer.write(c, items));
  }

  /** Writes what is queued, then stops. */
  @Override
  public void close() {
    running = false;
    try {
      for (Thread t : threads) {
        t.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
