package dev.herald.core.dispatch;

import dev.herald.core.message.Channel;
import dev.herald.core.provider.ChannelProvider;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each channel's ordered provider list (primary first, then fallbacks), a concurrency bound per
 * provider ({@link ChannelProvider#maxConcurrency()} permits) and a circuit breaker per provider
 * (Resilience4j): when a provider keeps failing transiently its circuit opens and sends go straight
 * to the next provider until a trial call succeeds.
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
   * @param failureRatePercent failure rate over the window that opens the circuit
   * @param window the sliding window (whole seconds, at least one)
   * @param minimumCalls calls within the window needed before the rate counts
   * @param openFor how long the circuit stays open before trial calls
   */
  public record BreakerSettings(float failureRatePercent, Duration window, int minimumCalls, Duration openFor) {
    public static final BreakerSettings DEFAULT =
        new BreakerSettings(50, Duration.ofSeconds(10), 100, Duration.ofSeconds(30));
  }

  private final Map<Channel, List<ChannelProvider>> routes;
  private final Map<String, Semaphore> permits = new LinkedHashMap<>();
  private final Map<String, ChannelProvider> providers = new LinkedHashMap<>();
  private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
  /** {@link System#nanoTime()} when each provider's circuit last opened. */
  private final Map<String, AtomicLong> openedAt = new ConcurrentHashMap<>();
  private final Duration openFor;

  /** @param routes channel → providers in the order they are tried */
  public ProviderRoutes(Map<Channel, List<ChannelProvider>> routes, BreakerSettings breaker) {
    this.routes = new EnumMap<>(Channel.class);
    this.openFor = breaker.openFor();
    CircuitBreakerConfig config = CircuitBreakerConfig.custom()
        .failureRateThreshold(breaker.failureRatePercent())
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
        .slidingWindowSize((int) Math.max(1, breaker.window().toSeconds()))
        .minimumNumberOfCalls(breaker.minimumCalls())
        .waitDurationInOpenState(breaker.openFor())
        .permittedNumberOfCallsInHalfOpenState(3)
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .build();
    routes.forEach((channel, list) -> {
      this.routes.put(channel, List.copyOf(list));
      for (ChannelProvider p : list) {
        providers.putIfAbsent(p.id(), p);
        permits.computeIfAbsent(p.id(), id -> new Semaphore(p.maxConcurrency()));
        breakers.computeIfAbsent(p.id(), id -> {
          CircuitBreaker b = CircuitBreaker.of(id, config);
          AtomicLong opened = openedAt.computeIfAbsent(id, k -> new AtomicLong(System.nanoTime()));
          b.getEventPublisher().onStateTransition(e -> {
            if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
              opened.set(System.nanoTime());
            }
          });
          return b;
        });
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

  /** The circuit breaker of a provider. */
  public CircuitBreaker breaker(String providerId) {
    return breakers.get(providerId);
  }

  /**
   * How long until {@code providerId}'s open circuit lets a trial call through: the rest of its open
   * duration, at least one second (while a half-open circuit's trial calls are out, more wait too).
   */
  public Duration untilTrial(String providerId) {
    long elapsed = System.nanoTime() - openedAt.get(providerId).get();
    Duration left = openFor.minusNanos(elapsed);
    return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
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
