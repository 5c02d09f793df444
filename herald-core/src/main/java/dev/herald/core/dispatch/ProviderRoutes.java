package dev.herald.core.dispatch;

import dev.herald.core.message.Channel;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.ratelimit.BucketRateLimiter;
import dev.herald.core.ratelimit.RateLimiter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Each channel's ordered provider list (primary first, then fallbacks), a concurrency bound per
 * provider ({@link ChannelProvider#maxConcurrency()} permits) and two circuits per provider
 * ({@link ProviderCircuit}): when a provider keeps failing transiently its failover circuit opens
 * and sends go straight to the next provider until a trial call succeeds; when no provider of the
 * channel is left, a degraded provider still gets calls at a bounded rate, and only one that fails
 * (nearly) every call gets none until its trial.
 */
public final class ProviderRoutes implements AutoCloseable {
  /**
   * Circuit breaker tuning, shared by every provider.
   *
   * <p>The window is a span of time, not a count of calls: with thousands of sends in flight a
   * count window holds whichever outcomes came back first, and fast failures beside successes still
   * waiting on their provider looked like an outage (a 1% failure rate opened the circuit in the
   * benchmark). Over a time window the rate is the real one. For the same reason the rate counts
   * only from 100 calls on (Resilience4j's own default): a fresh node's first outcomes are its
   * fastest, and five failures ahead of five slow successes are not an outage.
   *
   * @param failureRatePercent failure rate over the window that opens the failover circuit
   * @param window the sliding window (whole seconds, at least one)
   * @param minimumCalls calls within the window needed before the rate counts
   * @param openFor how long a circuit stays open before trial calls
   * @param outageRatePercent failure rate over the window that opens the outage circuit: from then
   *     on the provider gets no call at all until its trial, even as the channel's last provider;
   *     at most {@code failureRatePercent} turns degraded sending off
   * @param degradedRate most calls a second (per node) a degraded provider gets while no other
   *     provider of its channel takes calls
   */
  public record BreakerSettings(float failureRatePercent, Duration window, int minimumCalls, Duration openFor,
      float outageRatePercent, int degradedRate) {
    public static final BreakerSettings DEFAULT =
        new BreakerSettings(50, Duration.ofSeconds(10), 100, Duration.ofSeconds(30), 95, 100);

    /** @throws IllegalArgumentException when {@code degradedRate} is not positive */
    public BreakerSettings {
      if (degradedRate < 1) {
        throw new IllegalArgumentException("degradedRate must be positive, was " + degradedRate);
      }
    }
  }

  private final Map<Channel, List<ChannelProvider>> routes;
  private final Map<String, Semaphore> permits = new LinkedHashMap<>();
  private final Map<String, ChannelProvider> providers = new LinkedHashMap<>();
  private final Map<String, ProviderCircuit> circuits = new LinkedHashMap<>();
  /** Buckets for degraded sending: this node's own, as its circuits are. */
  private final RateLimiter degradedLimiter;

  /** Routes whose circuits run on the system clock. */
  public ProviderRoutes(Map<Channel, List<ChannelProvider>> routes, BreakerSettings breaker) {
    this(routes, breaker, Clock.systemUTC());
  }

  /**
   * @param routes channel → providers in the order they are tried
   * @param clock the time of the circuits' windows and open durations, and of the degraded bound
   */
  public ProviderRoutes(Map<Channel, List<ChannelProvider>> routes, BreakerSettings breaker, Clock clock) {
    this.routes = new EnumMap<>(Channel.class);
    this.degradedLimiter = BucketRateLimiter.local(clock);
    routes.forEach((channel, list) -> {
      this.routes.put(channel, List.copyOf(list));
      for (ChannelProvider p : list) {
        providers.putIfAbsent(p.id(), p);
        permits.computeIfAbsent(p.id(), id -> new Semaphore(p.maxConcurrency()));
        circuits.computeIfAbsent(p.id(), id -> new ProviderCircuit(id, breaker, clock));
      }
    });
  }

  /** Providers for {@code channel}, in failover order; empty when none is configured. */
  public List<ChannelProvider> providersFor(Channel channel) {
    return routes.getOrDefault(channel, List.of());
  }

  Semaphore permits(ChannelProvider provider) {
    return permits.get(provider.id());
  }

  /** The failover circuit of a provider: while it is open, sends go to the next provider. */
  public CircuitBreaker breaker(String providerId) {
    return circuits.get(providerId).failover;
  }

  ProviderCircuit circuit(String providerId) {
    return circuits.get(providerId);
  }

  /** The outage circuit of a provider: while it is open, the provider gets no call at all. */
  public CircuitBreaker outageBreaker(String providerId) {
    return circuits.get(providerId).outage;
  }

  /**
   * How long until one of {@code providerId}'s refusing circuits lets a trial call through: the
   * rest of an open circuit's open duration, at least one second.
   */
  public Duration untilTrial(String providerId) {
    return circuits.get(providerId).untilTrial();
  }

  /** A permit for one degraded call to {@code providerId}, waiting up to {@code maxWait} for it. */
  RateLimiter.Acquisition degradedPermit(String providerId, Duration maxWait) {
    return degradedLimiter.acquire(circuits.get(providerId).degradedLimit, maxWait);
  }

  /** Every distinct provider instance, by id, in configuration order. */
  public Map<String, ChannelProvider> providers() {
    return java.util.Collections.unmodifiableMap(providers);
  }

  @Override
  public void close() {
    providers.values().forEach(ChannelProvider::close);
  }
}
