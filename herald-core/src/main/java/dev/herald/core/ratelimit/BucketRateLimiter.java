package dev.herald.core.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * {@link RateLimiter} on Bucket4j token buckets. The buckets come from a factory: in-memory
 * buckets for one node ({@link #local()}), or Bucket4j's PostgreSQL proxy for a cluster. A waiting
 * send reserves its permit, so waiters are served in order and the limit is never exceeded.
 */
public final class BucketRateLimiter implements RateLimiter {
  private final BiFunction<String, BucketConfiguration, Bucket> buckets;
  private final Map<String, Bucket> cache = new ConcurrentHashMap<>();

  /** @param buckets the bucket for a key, created with the given configuration when new */
  public BucketRateLimiter(BiFunction<String, BucketConfiguration, Bucket> buckets) {
    this.buckets = buckets;
  }

  /** A limiter with buckets held in this process. */
  public static BucketRateLimiter local() {
    return new BucketRateLimiter((key, config) -> Bucket.builder().addLimit(config.getBandwidths()[0]).build());
  }

  /** A limiter with buckets held in this process that refill on {@code clock}'s time (tests move it by hand). */
  public static BucketRateLimiter local(Clock clock) {
    TimeMeter meter = new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
    return new BucketRateLimiter((key, config) ->
        Bucket.builder().withCustomTimePrecision(meter).addLimit(config.getBandwidths()[0]).build());
  }

  /**
   * Buckets refill 10% slower than the documented rate: providers count arrivals, and between our
   * permit and the request reaching them lie up to ~80 ms of jitter under load (thread wake-up, the
   * HTTP client), so two sends granted exactly one period apart could arrive closer than that.
   */
  static BucketConfiguration configuration(RateLimit limit) {
    java.time.Duration period = limit.period().plus(limit.period().dividedBy(10));
    Bandwidth bandwidth = limit.permits() == 1
        ? Bandwidth.builder().capacity(1).refillIntervally(1, period).build()
        : Bandwidth.builder().capacity(limit.permits()).refillGreedy(limit.permits(), period).build();
    return BucketConfiguration.builder().addLimit(bandwidth).build();
  }

  @Override
  public Acquisition acquire(RateLimit limit, Duration maxWait) {
    Bucket bucket = cache.computeIfAbsent(limit.key() + "|" + limit.permits() + "/" + limit.period(),
        k -> buckets.apply(limit.key(), configuration(limit)));
    if (bucket.tryConsume(1)) {
      return Acquisition.GRANTED;
    }
    try {
      if (!maxWait.isZero() && bucket.asBlocking().tryConsume(1, maxWait)) {
        return Acquisition.GRANTED;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
    return new Acquisition(false, Duration.ofNanos(Math.max(nanos, 1_000_000)));
  }
}
