package dev.herald.core.message;

import dev.herald.core.error.UnavailableException;
import dev.herald.core.provider.StatusReport;
import dev.herald.core.provider.StatusReportSink;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StatusReportSink} that does not give up on a report the store cannot take now (the
 * database unreachable, full, or too slow to answer): the report is held in memory and applied
 * again in this process, with backoff ({@link #FIRST_WAIT} doubling up to {@link #LAST_WAIT}),
 * until it is applied, so its message does not wait in {@code sent} for the next start.
 *
 * <p>Held reports live in memory only. After a crash they come back from where they came from: the
 * simulator replays the sends its journal has no report noted for, and a provider sends a webhook
 * again, since a webhook whose report was held is still answered with the error. A report applied
 * twice that way is recognised by its event key. At most {@code capacity} reports are held; beyond
 * that a report is refused as if this sink were not there.
 */
public final class RetryingReportSink implements StatusReportSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RetryingReportSink.class);
  /** Wait before a held report's first new try. */
  static final Duration FIRST_WAIT = Duration.ofMillis(250);
  /** Longest wait between two tries: a report is applied at most this long after the store is back. */
  static final Duration LAST_WAIT = Duration.ofSeconds(5);
  /** Held reports tried at once, so that they share the store's group commits without flooding it. */
  private static final int CONCURRENT_TRIES = 256;
  private static final Consumer<Outcome> NOTHING = o -> { };

  private final StatusReportSink delegate;
  private final int capacity;
  private final AtomicInteger held = new AtomicInteger();
  private final Semaphore trying = new Semaphore(CONCURRENT_TRIES);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      r -> Thread.ofPlatform().name("herald-report-retry").daemon().unstarted(r));
  private final ExecutorService appliers = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean closed;

  /** @param capacity most reports held at once */
  public RetryingReportSink(StatusReportSink delegate, int capacity) {
    this.delegate = delegate;
    this.capacity = capacity;
  }

  @Override
  public Result report(StatusReport report) {
    return apply(report).result();
  }

  /**
   * Applies {@code report} now; when that fails, holds it to apply later and still throws, so that
   * a caller who can have it sent again (a provider's webhook) answers with the error.
   */
  @Override
  public Outcome apply(StatusReport report) {
    try {
      return delegate.apply(report);
    } catch (UnavailableException e) {
      hold(report, NOTHING, e, 1);
      throw e;
    }
  }

  /**
   * Applies {@code report} now or, when that fails, later in this process; runs {@code whenApplied}
   * once it is. Throws only when the report cannot be held either (full, or closing).
   */
  @Override
  public void applyEventually(StatusReport report, Consumer<Outcome> whenApplied) {
    Outcome outcome;
    try {
      outcome = delegate.apply(report);
    } catch (UnavailableException e) {
      if (!hold(report, whenApplied, e, 1)) {
        throw e;
      }
      return;
    }
    whenApplied.accept(outcome);
  }

  /** Reports held now, waiting for their next try. */
  public int waiting() {
    return held.get();
  }

  /** Holds a report whose {@code tries}-th try failed with {@code e}; false when it cannot be held. */
  private boolean hold(StatusReport report, Consumer<Outcome> whenApplied, RuntimeException e, int tries) {
    if (closed || held.get() >= capacity) {
      return false;
    }
    if (held.getAndIncrement() == 0) {
      LOG.warn("a status report could not be applied ({}); holding it, and any that follow, to apply again", e.toString());
    }
    schedule(report, whenApplied, tries);
    return true;
  }

  private void schedule(StatusReport report, Consumer<Outcome> whenApplied, int tries) {
    long wait = Math.min(LAST_WAIT.toMillis(), FIRST_WAIT.toMillis() << Math.min(tries - 1, 16));
    try {
      timer.schedule(() -> appliers.execute(() -> retry(report, whenApplied, tries + 1)), wait, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      dropped(1);
    }
  }

  /** One more try of a held report; invariant: it is counted in {@link #held} until applied or dropped. */
  private void retry(StatusReport report, Consumer<Outcome> whenApplied, int tries) {
    Outcome outcome;
    trying.acquireUninterruptibly();
    try {
      outcome = delegate.apply(report);
    } catch (RuntimeException e) {
      if (closed) {
        dropped(1);
      } else if (!(e instanceof UnavailableException)) {
        // Only an unavailable database passes; anything else would fail the same way forever.
        LOG.error("held status report {} cannot be applied; dropping it", report.eventKey(), e);
        dropped(1);
      } else {
        LOG.debug("held status report {} failed again (try {}): {}", report.eventKey(), tries, e.toString());
        schedule(report, whenApplied, tries);
      }
      return;
    } finally {
      trying.release();
    }
    if (held.decrementAndGet() == 0) {
      LOG.info("every held status report is applied");
    }
    try {
      whenApplied.accept(outcome);
    } catch (RuntimeException e) {
      LOG.warn("after status report {} was applied, its follow-up failed", report.eventKey(), e);
    }
  }

  private void dropped(int n) {
    held.addAndGet(-n);
  }

  /**
   * Stops trying: the reports still held are let go (the simulator replays its own at the next
   * start; a provider sends its webhook again).
   */
  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    appliers.shutdown();
    try {
      appliers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left = held.get();
    if (left > 0) {
      LOG.warn("{} status reports were still held at shutdown; they come back from their source (simulator journal, "
          + "provider webhook retries)", left);
    }
  }
}
