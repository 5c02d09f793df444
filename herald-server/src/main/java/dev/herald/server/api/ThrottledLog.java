package dev.herald.server.api;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * Logs the requests answered 503 because the store is unavailable, at most once per period: during
 * an outage every request fails alike, and one line a period (with how many were answered so)
 * tells as much as thousands.
 */
final class ThrottledLog {
  private final Logger log;
  private final long periodNanos;
  private final AtomicLong since = new AtomicLong();
  private final AtomicReference<Long> last = new AtomicReference<>();

  ThrottledLog(Logger log, Duration period) {
    this.log = log;
    this.periodNanos = period.toNanos();
  }

  /** Logs {@code e} for {@code request}, or counts it when one was logged within the period. */
  void log(String request, Exception e) {
    long now = System.nanoTime();
    long n = since.incrementAndGet();
    Long before = last.get();
    if ((before == null || now - before >= periodNanos) && last.compareAndSet(before, now)) {
      since.addAndGet(-n);
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      log.warn("{} answered 503 ({} such answers since the last of these lines): {} ({})", request, n, e.getMessage(),
          cause.toString());
    }
  }
}
