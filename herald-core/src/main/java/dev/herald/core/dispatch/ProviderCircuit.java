package dev.herald.core.dispatch;

import dev.herald.core.ratelimit.RateLimit;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The two circuits of one provider (Resilience4j breakers over the same time window).
 *
 * <p>The failover circuit opens at {@code circuit_failure_rate}: sends skip the provider while
 * another provider of the channel still takes calls. The outage circuit opens only at {@code
 * circuit_outage_rate}, when (nearly) every call fails. A provider whose failover circuit is open
 * while its outage circuit is closed is degraded, not dead: when no provider of the channel takes
 * calls any more it still gets messages, at most {@code circuit_degraded_rate} calls a second, so
 * that throughput follows its success rate instead of trickling through trial calls.
 *
 * <p>Invariant: every call's outcome reaches the outage circuit, normal and degraded alike, so a
 * degraded provider that goes on to fail every call opens it within one window; degraded calls
 * do not reach the failover circuit, whose trial calls alone decide when it closes again. The
 * outage circuit hears outcomes in the order their calls started ({@link #callStarting}, {@link
 * #callEnded}): with many sends in flight fast failures overtake slow successes, and the first 100
 * outcomes of a provider failing half its calls were 99 failures in the {@code flaky} benchmark,
 * which at 95% would call it down.
 */
final class ProviderCircuit {
  private static final Consumer<CircuitBreaker> NOT_MADE = b -> {};

  final CircuitBreaker failover;
  final CircuitBreaker outage;
  /** The bound on calls while degraded. */
  final RateLimit degradedLimit;
  private final Duration openFor;
  private final Clock clock;
  private final AtomicReference<Instant> failoverOpened;
  private final AtomicReference<Instant> outageOpened;
  private final ReentrantLock order = new ReentrantLock();
  /** The next call's ticket, and the oldest ticket whose outcome the outage circuit has not heard. */
  private long nextTicket;
  private long nextToRecord;
  /** Outcomes of calls that ended while an earlier-started call was still out, by ticket. */
  private final Map<Long, Consumer<CircuitBreaker>> ended = new HashMap<>();

  ProviderCircuit(String providerId, ProviderRoutes.BreakerSettings settings, Clock clock) {
    this.clock = clock;
    this.openFor = settings.openFor();
    this.failover = CircuitBreaker.of(providerId, config(settings, settings.failureRatePercent(), clock));
    this.outage = CircuitBreaker.of(providerId + ":outage", config(settings, settings.outageRatePercent(), clock));
    this.failoverOpened = openedAt(failover);
    this.outageOpened = openedAt(outage);
    this.degradedLimit = RateLimit.perSecond("circuit:degraded:" + providerId, settings.degradedRate());
  }

  private static CircuitBreakerConfig config(ProviderRoutes.BreakerSettings s, float failureRatePercent, Clock clock) {
    return CircuitBreakerConfig.custom()
        .failureRateThreshold(failureRatePercent)
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
        .slidingWindowSize((int) Math.max(1, s.window().toSeconds()))
        .minimumNumberOfCalls(s.minimumCalls())
        .waitDurationInOpenState(s.openFor())
        .permittedNumberOfCallsInHalfOpenState(3)
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .clock(clock)
        .build();
  }

  private AtomicReference<Instant> openedAt(CircuitBreaker breaker) {
    AtomicReference<Instant> opened = new AtomicReference<>(clock.instant());
    breaker.getEventPublisher().onStateTransition(e -> {
      if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
        opened.set(clock.instant());
      }
    });
    return opened;
  }

  /** A ticket for a call about to be made; every ticket must be handed back to {@link #callEnded}. */
  long callStarting() {
    order.lock();
    try {
      return nextTicket++;
    } finally {
      order.unlock();
    }
  }

  /**
   * Hands the outcome of call {@code ticket} to the outage circuit once every call that started
   * before it has ended.
   *
   * @param outcome records the outcome in a breaker; null when no call was made after all
   */
  void callEnded(long ticket, Consumer<CircuitBreaker> outcome) {
    Consumer<CircuitBreaker> record = outcome == null ? NOT_MADE : outcome;
    order.lock();
    try {
      if (ticket != nextToRecord) {
        ended.put(ticket, record);
        return;
      }
      while (record != null) {
        nextToRecord++;
        record.accept(outage);
        record = ended.isEmpty() ? null : ended.remove(nextToRecord);
      }
    } finally {
      order.unlock();
    }
  }

  /**
   * How long until one of this provider's refusing circuits lets a trial call through: the rest of
   * an open circuit's open duration, at least one second (while a half-open circuit's trial calls
   * are out, more wait too).
   */
  Duration untilTrial() {
    Duration failoverWait = untilTrial(failover, failoverOpened.get());
    Duration outageWait = untilTrial(outage, outageOpened.get());
    return failoverWait.compareTo(outageWait) < 0 ? failoverWait : outageWait;
  }

  private Duration untilTrial(CircuitBreaker breaker, Instant opened) {
    Duration left = breaker.getState() == CircuitBreaker.State.OPEN
        ? openFor.minus(Duration.between(opened, clock.instant())) : Duration.ZERO;
    return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
  }
}
