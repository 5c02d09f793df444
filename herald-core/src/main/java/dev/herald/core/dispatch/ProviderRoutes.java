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
import java.util.concurrent.Semaphore;

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
   * @param failureRatePercent failure rate over the window that opens the circuit
   * @param window calls in the sliding window
   * @param minimumCalls calls needed before the rate counts
   * @param openFor how long the circuit stays open before trial calls
   */
  public record BreakerSettings(float failureRatePercent, int window, int minimumCalls, Duration openFor) {
    public static final BreakerSettings DEFAULT = new BreakerSettings(50, 20, 10, Duration.ofSeconds(30));
  }

  private final Map<Channel, List<ChannelProvider>> routes;
  private final Map<String, Semaphore> permits = new LinkedHashMap<>();
  private final Map<String, ChannelProvider> providers = new LinkedHashMap<>();
  private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();

  /** @param routes channel → providers in the order they are tried */
  public ProviderRoutes(Map<Channel, List<ChannelProvider>> routes, BreakerSettings breaker) {
    this.routes = new EnumMap<>(Channel.class);
    CircuitBreakerConfig config = CircuitBreakerConfig.custom()
        .failureRateThreshold(breaker.failureRatePercent())
        .slidingWindowSize(breaker.window())
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
        breakers.computeIfAbsent(p.id(), id -> CircuitBreaker.of(id, config));
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

  /** Every distinct provider instance, by id, in configuration order. */
  public Map<String, ChannelProvider> providers() {
    return java.util.Collections.unmodifiableMap(providers);
  }

  @Override
  public void close() {
    providers.values().forEach(ChannelProvider::close);
  }
}
