package dev.herald.core.retry;

import java.time.Duration;
import java.util.List;

/**
 * Attempts allowed for a channel and the waits between them. The default is 4 attempts with waits
 * of 10 s, 30 s and 60 s. A provider's {@code Retry-After} wins when it is longer than the backoff.
 *
 * @param maxAttempts total attempts, at least 1
 */
public record RetryPolicy(int maxAttempts, Backoff backoff) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(4,
      new Backoff.Fixed(List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60))));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
  }

  /**
   * The wait before the next attempt after {@code failedAttempts} attempts have failed.
   *
   * @param retryAfter the provider's requested wait, or {@code null}
   */
  public Duration nextDelay(int failedAttempts, Duration retryAfter) {
    Duration d = backoff.delayAfter(failedAttempts);
    return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
  }
}
