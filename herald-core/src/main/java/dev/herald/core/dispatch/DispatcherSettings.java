package dev.herald.core.dispatch;

import java.time.Duration;

/**
 * Tuning of one node's dispatcher.
 *
 * @param maxInFlight messages claimed and not yet completed, at most (bounds memory and leases)
 * @param claimBatch most messages claimed in one statement
 * @param lease how long a claim stays valid; must exceed the longest provider call
 * @param pollInterval fallback poll when no wake-up comes
 * @param reapInterval how often expired leases are looked for
 * @param completionBatch most outcomes written in one transaction
 * @param claiming whether this node claims messages at all; a node that does not only accepts them
 *     (used by benchmarks to measure accepting alone, and to preload a queue)
 */
public record DispatcherSettings(
    int maxInFlight,
    int claimBatch,
    Duration lease,
    Duration pollInterval,
    Duration reapInterval,
    int completionBatch,
    boolean claiming) {
  public static final DispatcherSettings DEFAULT = new DispatcherSettings(
      2048, 256, Duration.ofSeconds(60), Duration.ofMillis(500), Duration.ofSeconds(5), 512);

  /** Settings for a node that claims. */
  public DispatcherSettings(int maxInFlight, int claimBatch, Duration lease, Duration pollInterval, Duration reapInterval,
      int completionBatch) {
    this(maxInFlight, claimBatch, lease, pollInterval, reapInterval, completionBatch, true);
  }

  public DispatcherSettings {
    if (maxInFlight < 1 || claimBatch < 1 || completionBatch < 1) {
      throw new IllegalArgumentException("dispatcher sizes must be positive");
    }
  }




  public DispatcherSettings withClaiming(boolean on) {
    return new DispatcherSettings(maxInFlight, claimBatch, lease, pollInterval, reapInterval, completionBatch, on);
  }
}
