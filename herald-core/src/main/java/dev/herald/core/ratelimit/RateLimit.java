package dev.herald.core.ratelimit;

import java.time.Duration;

/**
 * A token bucket a send must pass: at most {@code permits} sends per {@code period} for the
 * account or sender named by {@code key}, with bursts up to {@code permits}.
 *
 * @param key what is limited, e.g. {@code twilio:from:+14155550100} or {@code whatsapp:number:1234}
 */
public record RateLimit(String key, long permits, Duration period) {
  public RateLimit {
    if (permits < 1 || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("rate limit " + key + " needs positive permits and period");
    }
  }

  /** {@code permits} per second. */
  public static RateLimit perSecond(String key, long permits) {
    return new RateLimit(key, permits, Duration.ofSeconds(1));
  }
}
