package dev.herald.core.dispatch;

import dev.herald.core.message.Channel;
import dev.herald.core.message.DeliveryAttempt;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.Accepted;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import dev.herald.core.ratelimit.RateLimit;
import dev.herald.core.ratelimit.RateLimiter;
import dev.herald.core.retry.RetryPolicy;
import dev.herald.core.store.Completion;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed attempt of one message: tries the channel's providers in order, then decides
 * the message's next status — sent, failed, retried later with backoff, or dead-lettered when the
 * budget is spent. Never touches the store: it returns a {@link Completion} for the writer.
 *
 * <p>Failover: a transient failure, or a provider whose circuit is open, moves the same attempt on
 * to the next provider; each provider tried is one delivery attempt record. When every circuit of
 * the channel is open, a degraded provider (one whose outage circuit is still closed) takes the
 * attempt within its bound of calls a second ({@link ProviderCircuit}). Rate limits: a send
 * over its provider's limit waits up to {@code maxRateWait} on its virtual thread; a longer wait
 * re-queues the message for when a permit should be free, refunding the attempt.
 */
final class AttemptRunner {
  private static final Logger LOG = LoggerFactory.getLogger(AttemptRunner.class);

  private final ProviderRoutes routes;
  private final Map<Channel, RetryPolicy> policies;
  private final RateLimiter limiter;
  private final Duration maxRateWait;
  private final Map<String, Tariff> tariffs;
  private final Clock clock;
  private final String node;

  AttemptRunner(ProviderRoutes routes, Map<Channel, RetryPolicy> policies, RateLimiter limiter, Duration maxRateWait,
      Map<String, Tariff> tariffs, Clock clock, String node) {
    this.tariffs = tariffs;
    this.routes = routes;
    this.policies = policies;
    this.limiter = limiter;
    this.maxRateWait = maxRateWait;
    this.clock = clock;
    this.node = node;
  }

  /**
   * @param deadlineNanos {@link System#nanoTime()} after which no provider may be called any more:
   *     the claim's lease would be at risk
   */
  Completion run(Message m, long deadlineNanos) {
    Instant now = clock.instant();
    if (m.isExpiredAt(now)) {
      return finish(m, MessageStatus.EXPIRED, now, null, "expired", "expires_at " + m.expiresAt() + " passed before sending", List.of());
    }
    if (m.attemptsSinceRetry() > m.maxAttempts()) {
      return finish(m, MessageStatus.DEAD_LETTERED, now, null, "attempts_exhausted",
          "retry budget spent by attempts interrupted by node failure", List.of());
    }
    List<ChannelProvider> providers = routes.providersFor(m.channel());
    if (providers.isEmpty()) {
      return finish(m, MessageStatus.FAILED, now, null, "no_provider", "no provider configured for channel " + m.channel().wireName(), List.of());
    }
    Tried tried = new Tried();
    for (ChannelProvider provider : providers) {
      CircuitBreaker breaker = routes.breaker(provider.id());
      if (!breaker.tryAcquirePermission()) {
        tried.lastTransient = new TransientFailure("circuit_open", provider.id() + " circuit is open after repeated failures", null, 0);
        tried.log.add(attemptRecord(m, provider, clock.instant(), 0, tried.lastTransient));
        continue;
      }
      Completion done = send(m, provider, deadlineNanos, tried, breaker, false);
      if (done != null) {
        return done;
      }
    }
    if (!tried.called) {
      return sendDegraded(m, providers, deadlineNanos);
    }
    return retryOrDeadLetter(m, providers.get(providers.size() - 1).id(), tried.lastTransient, tried.log);
  }

  /**
   * No provider of the channel takes calls: a degraded one (failover circuit open, outage circuit
   * closed) still gets the message, within its bound of calls a second, in the same failover order.
   * The first pass's {@code circuit_open} records are dropped, since the same providers are tried
   * again here; a degraded call's outcome reaches the outage circuit only.
   */
  private Completion sendDegraded(Message m, List<ChannelProvider> providers, long deadlineNanos) {
    Tried tried = new Tried();
    for (ChannelProvider provider : providers) {
      CircuitBreaker outage = routes.outageBreaker(provider.id());
      if (!outage.tryAcquirePermission()) {
        continue;
      }
      RateLimiter.Acquisition bound = routes.degradedPermit(provider.id(), rateWait(deadlineNanos));
      if (!bound.granted()) {
        outage.releasePermission();
        return waitWithoutCall(m, provider, bound.retryAfter(), provider.id() + " is degraded (circuit open) and at its "
            + "bound of calls a second", tried.log, tried.called);
      }
      if (outage.getState() == CircuitBreaker.State.OPEN) {
        // Found down while this send waited for its permit: it must not add to the calls of a dead provider.
        continue;
      }
      Completion done = send(m, provider, deadlineNanos, tried, outage, true);
      if (done != null) {
        return done;
      }
    }
    if (!tried.called) {
      // Every provider is down (outage circuits open): nothing was tried, so the outage does not spend
      // the retry budget, and no delivery attempt is recorded (no provider saw the message). It waits
      // for the first trial call rather than being claimed again and again while the circuits stay open.
      Duration wait = providers.stream().map(p -> routes.untilTrial(p.id())).min(Duration::compareTo).orElseThrow();
      return waitWithoutCall(m, providers.get(0), wait, "every provider's circuit is open", List.of(), false);
    }
    return retryOrDeadLetter(m, providers.get(providers.size() - 1).id(), tried.lastTransient, tried.log);
  }

  /**
   * Hands {@code m} to {@code provider}, whose {@code gate} circuit let the call through: takes the
   * provider's rate-limit permits and a concurrency slot, calls it, and records the outcome in its
   * outage circuit and, unless the call is a {@code degraded} one, its failover circuit. Returns how
   * the attempt ends (accepted, failed for good, or waiting for a permit or a slot), or null after a
   * transient failure, noted in {@code tried}, so the next provider is tried.
   */
  private Completion send(Message m, ChannelProvider provider, long deadlineNanos, Tried tried, CircuitBreaker gate,
      boolean degraded) {
    RateLimiter.Acquisition permit;
    try {
      permit = acquirePermits(provider, m, deadlineNanos);
    } catch (RuntimeException e) {
      gate.releasePermission();
      throw e;
    }
    if (!permit.granted()) {
      gate.releasePermission();
      return waitWithoutCall(m, provider, permit.retryAfter(), "rate limit of " + provider.id() + " reached", tried.log, tried.called);
    }
    ProviderCircuit circuit = routes.circuit(provider.id());
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    Call call = call(provider, circuit, m, deadlineNanos);
    if (call == null) {
      gate.releasePermission();
      return waitWithoutCall(m, provider, Duration.ZERO, "lease nearly over before " + provider.id() + " was free",
          tried.log, tried.called);
    }
    tried.called = true;
    long nanos = System.nanoTime() - t0;
    DeliveryOutcome outcome = call.outcome();
    tried.log.add(attemptRecord(m, provider, started, nanos / 1_000_000, outcome));
    Consumer<CircuitBreaker> record = outcome instanceof TransientFailure t
        ? b -> b.onError(nanos, TimeUnit.NANOSECONDS, new ProviderUnavailable(t))
        : b -> b.onSuccess(nanos, TimeUnit.NANOSECONDS);
    if (!degraded) {
      record.accept(circuit.failover);
    }
    circuit.callEnded(call.ticket(), record);
    switch (outcome) {
      case Accepted accepted -> {
        Accepted a = priced(provider, m, accepted);
        return new Completion(m.id(), node, m.attempts(), a.delivered() ? MessageStatus.DELIVERED : MessageStatus.SENT,
            clock.instant(), null, provider.id(), a.providerMessageId(), a.cost(), a.currency(), null,
            a.delivered() ? "delivered to " + provider.id() + " (HTTP " + a.httpStatus() + ")" : "accepted by " + provider.id(),
            tried.log);
      }
      case PermanentFailure p -> {
        return finish(m, MessageStatus.FAILED, clock.instant(), provider.id(), p.code(), p.reason(), tried.log);
      }
      case TransientFailure t -> {
        tried.lastTransient = t;
        return null;
      }
    }
  }

  /** The provider's reported price, else the configured tariff's. */
  private Accepted priced(ChannelProvider provider, Message m, Accepted a) {
    Tariff tariff = tariffs.get(provider.id());
    if (a.cost() != null || tariff == null || tariff.price(m) == null) {
      return a;
    }
    return new Accepted(a.providerMessageId(), tariff.price(m), tariff.currency(), a.httpStatus(), a.delivered());
  }

  private RateLimiter.Acquisition acquirePermits(ChannelProvider provider, Message m, long deadlineNanos) {
    for (RateLimit limit : provider.rateLimits(m)) {
      RateLimiter.Acquisition a = limiter.acquire(limit, rateWait(deadlineNanos));
      if (!a.granted()) {
        return new RateLimiter.Acquisition(false, a.retryAfter());
      }
    }
    return new RateLimiter.Acquisition(true, Duration.ZERO);
  }

  /** The longest a send may wait for a rate permit: {@code maxRateWait}, within the deadline. */
  private Duration rateWait(long deadlineNanos) {
    Duration left = Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    return left.compareTo(maxRateWait) < 0 ? left : maxRateWait;
  }

  /**
   * Re-queues a message that could not be handed to {@code provider} yet. The attempt is given back
   * unless an earlier provider was really called in it (then the budget counts it, so a flapping
   * primary in front of a throttled fallback cannot retry forever).
   */
  private Completion waitWithoutCall(Message m, ChannelProvider provider, Duration wait, String why,
      List<DeliveryAttempt> log, boolean called) {
    Instant now = clock.instant();
    Instant due = now.plus(wait);
    return new Completion(m.id(), node, m.attempts(), MessageStatus.QUEUED, now, due, provider.id(), null, null, null,
        null, why + "; waiting until " + due + (called ? "" : " (no attempt spent)"), log, !called);
  }

  /**
   * The budget and the backoff step count the attempts of the current run ({@link
   * Message#attemptsSinceRetry}): an operator's retry starts the backoff over at its first step.
   */
  private Completion retryOrDeadLetter(Message m, String lastProvider, TransientFailure last, List<DeliveryAttempt> log) {
    Instant end = clock.instant();
    int inRun = m.attemptsSinceRetry();
    if (inRun >= m.maxAttempts()) {
      return finish(m, MessageStatus.DEAD_LETTERED, end, lastProvider, last.code(), "retries exhausted after " + inRun
          + " attempts" + (inRun == m.attempts() ? "" : " since the retry (" + m.attempts() + " in all)") + ": "
          + last.reason(), log);
    }
    RetryPolicy policy = policies.getOrDefault(m.channel(), RetryPolicy.DEFAULT);
    Instant due = end.plus(policy.nextDelay(inRun, last.retryAfter()));
    return new Completion(m.id(), node, m.attempts(), MessageStatus.QUEUED, end, due, lastProvider, null, null, null,
        last.code(), "attempt " + m.attempts() + " failed (" + last.reason() + "); retry at " + due, log);
  }

  /** A provider call's outcome, and its ticket: its place in the order calls started ({@link ProviderCircuit}). */
  private record Call(DeliveryOutcome outcome, long ticket) {}

  /**
   * Calls the provider within its concurrency bound, taking the call's ticket once it has a slot;
   * {@code null} when no slot freed before the deadline.
   */
  private Call call(ChannelProvider provider, ProviderCircuit circuit, Message m, long deadlineNanos) {
    Semaphore permits = routes.permits(provider);
    try {
      if (!permits.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        return null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Call(new TransientFailure("interrupted", "node shutting down", null, 0), circuit.callStarting());
    }
    long ticket = circuit.callStarting();
    try {
      DeliveryOutcome outcome = provider.send(m);
      return new Call(outcome != null ? outcome
          : new TransientFailure("provider_error", provider.id() + " returned no outcome", null, 0), ticket);
    } catch (RuntimeException e) {
      LOG.warn("provider {} threw while sending {}", provider.id(), m.id(), e);
      return new Call(new TransientFailure("provider_error", e.getClass().getSimpleName() + ": " + e.getMessage(), null, 0),
          ticket);
    } catch (Error e) {
      circuit.callEnded(ticket, null);
      throw e;
    } finally {
      permits.release();
    }
  }

  private DeliveryAttempt attemptRecord(Message m, ChannelProvider p, Instant started, long millis, DeliveryOutcome o) {
    String code = switch (o) {
      case Accepted a -> null;
      case TransientFailure t -> t.code();
      case PermanentFailure f -> f.code();
    };
    String reason = switch (o) {
      case Accepted a -> null;
      case TransientFailure t -> t.reason();
      case PermanentFailure f -> f.reason();
    };
    return new DeliveryAttempt(m.id(), m.attempts(), p.id(), started, millis, o.kind(), code, reason, o.httpStatus(), node);
  }

  private Completion finish(Message m, MessageStatus status, Instant at, String provider, String code,
      String reason, List<DeliveryAttempt> log) {
    return new Completion(m.id(), node, m.attempts(), status, at, null, provider, null, null, null, code, reason, log);
  }

  /** What one attempt has done so far: its delivery attempt records, its last transient failure, whether a provider was called. */
  private static final class Tried {
    final List<DeliveryAttempt> log = new ArrayList<>(2);
    TransientFailure lastTransient;
    boolean called;
  }

  /** Recorded by the circuit breaker for a transient failure. */
  private static final class ProviderUnavailable extends RuntimeException {
    ProviderUnavailable(TransientFailure t) {
      super(t.code() + ": " + t.reason(), null, false, false);
    }
  }
}
