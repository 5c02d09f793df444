package dev.herald.core.ratelimit;

import java.time.Duration;

/**
 * Takes permits from token buckets. One node keeps its buckets in memory; nodes on PostgreSQL
 * share them through the database so the limit holds across the cluster.
 */
public interface RateLimiter {
  /** Whether a permit was taken, and if not, how long until one is likely free. */
  record Acquisition(boolean granted, Duration retryAfter) {
    static final Acquisition GRANTED = new Acquisition(true, Duration.ZERO);
  }

  /**
   * Takes one permit, waiting (blocking the calling virtual thread) up to {@code maxWait} for it.
   * Never waits longer; when the wait would be longer, takes nothing and says how long.
   */
  Acquisition acquire(RateLimit limit, Duration maxWait);
}
