package dev.herald.core.retry;

import dev.herald.core.error.ConfigurationException;
import dev.herald.core.provider.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** How long to wait before the next attempt, given how many attempts have failed. */
public sealed interface Backoff {
  /**
   * Delay before the next attempt.
   *
   * @param failedAttempts attempts made so far (1 after the first failure)
   */
  Duration delayAfter(int failedAttempts);

  /** A fixed list of delays; attempts past its end reuse the last one. */
  record Fixed(List<Duration> delays) implements Backoff {
    public Fixed {
      if (delays.isEmpty()) {
        throw new IllegalArgumentException("at least one delay");
      }
      delays = List.copyOf(delays);
    }

    @Override
    public Duration delayAfter(int failedAttempts) {
      return delays.get(Math.min(Math.max(failedAttempts, 1), delays.size()) - 1);
    }
  }

  /**
   * {@code base · 2^(n-1)} capped at {@code max}, with "full jitter" (a uniformly random delay
   * between half and all of it), as in AWS's "Exponential Backoff and Jitter".
   */
  record ExponentialJitter(Duration base, Duration max) implements Backoff {
    @Override
    public Duration delayAfter(int failedAttempts) {
      int shift = Math.min(Math.max(failedAttempts, 1) - 1, 30);
      long ceiling = Math.min(max.toMillis(), base.toMillis() << shift);
      long low = ceiling / 2;
      return Duration.ofMillis(low + ThreadLocalRandom.current().nextLong(ceiling - low + 1));
    }
  }

  /**
   * Parses {@code 10s,30s,60s} (fixed) or {@code exponential:2s:5m} (base and cap, jittered).
   *
   * @throws ConfigurationException naming {@code key}
   */
  static Backoff parse(String value, String key) {
    String v = value.trim();
    if (v.startsWith("exponential")) {
      String[] parts = v.split(":");
      if (parts.length != 3) {
        throw new ConfigurationException(key, "'" + value + "' must look like exponential:2s:5m");
      }
      return new ExponentialJitter(Durations.parse(parts[1], key), Durations.parse(parts[2], key));
    }
    List<Duration> delays = new ArrayList<>();
    for (String part : v.split(",")) {
      if (!part.isBlank()) {
        delays.add(Durations.parse(part, key));
      }
    }
    if (delays.isEmpty()) {
      throw new ConfigurationException(key, "needs at least one delay, like 10s,30s,60s");
    }
    return new Fixed(delays);
  }
}
