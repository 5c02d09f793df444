package dev.herald.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.message.Addresses;
import dev.herald.core.message.Channel;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageRequest;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.Accepted;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import dev.herald.core.ratelimit.BucketRateLimiter;
import dev.herald.core.retry.RetryPolicy;
import dev.herald.core.store.Completion;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * A degraded provider is not a dead one: with no other provider left, one whose circuit opened at
 * 50% failures keeps getting calls at a bounded rate, while one failing every call gets none until
 * its trial; with a healthy fallback the degraded provider is skipped.
 */
class DegradedProviderTest {
  /** Opens the failover circuit at 50% of 10 calls, the outage circuit at 95%; 5 degraded calls a second. */
  private static final ProviderRoutes.BreakerSettings SETTINGS =
      new ProviderRoutes.BreakerSettings(50, Duration.ofSeconds(10), 10, Duration.ofSeconds(30), 95, 5);
  private static final TransientFailure DOWN = new TransientFailure("503", "service unavailable", null, 503);

  /**
   * Time moved by hand ({@link #advance}). The testkit's {@code SettableClock} is out of reach here,
   * since the testkit depends on this module.
   */
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T09:00:00Z"));
  private final Clock clock = ((InstantSource) now::get).withZone(ZoneOffset.UTC);

  @Test
  void aHalfFailingSoleProviderKeepsGettingCallsAtTheDegradedRateAfterItsCircuitOpens() {
    Scripted flaky = new Scripted("flaky", n -> n % 2 == 0 ? DOWN : Accepted.of("F-" + n));
    try (ProviderRoutes routes = routes(flaky)) {
      AttemptRunner runner = runner(routes);
      runMany(runner, 10);
      assertThat(routes.breaker("flaky").getState()).isEqualTo(CircuitBreaker.State.OPEN);
      assertThat(routes.outageBreaker("flaky").getState()).isEqualTo(CircuitBreaker.State.CLOSED);

      // 100 messages a second for 10 s, all while the circuit stays open (30 s).
      List<Completion> outcomes = new ArrayList<>();
      for (int step = 0; step < 100; step++) {
        outcomes.addAll(runMany(runner, 10));
        advance(Duration.ofMillis(100));
      }
      int degradedCalls = flaky.calls.get() - 10;
      // The bucket: a burst of 5, then 5 per 1.1 s (every bucket refills 10% below its rate).
      assertThat(degradedCalls).isBetween(40, 5 + 5 * 10);
      assertThat(outcomes).filteredOn(c -> c.status() == MessageStatus.SENT).hasSize(degradedCalls / 2);
      assertThat(outcomes).filteredOn(c -> c.deliveryAttempts().isEmpty()).allSatisfy(c -> {
        assertThat(c.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(c.refundAttempt()).isTrue();
        assertThat(c.reason()).startsWith("flaky is degraded (circuit open) and at its bound of calls a second");
      });
      assertThat(routes.breaker("flaky").getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }
  }

  @Test
  void aSoleProviderFailingEveryCallGetsNoCallUntilItsTrial() {
    Scripted dead = new Scripted("dead", n -> DOWN);
    try (ProviderRoutes routes = routes(dead)) {
      AttemptRunner runner = runner(routes);
      runMany(runner, 10);
      Instant opened = clock.instant();
      assertThat(routes.outageBreaker("dead").getState()).isEqualTo(CircuitBreaker.State.OPEN);

      for (int second = 0; second < 30; second++) {
        for (Completion c : runMany(runner, 10)) {
          assertThat(c.status()).isEqualTo(MessageStatus.QUEUED);
          assertThat(c.deliveryAttempts()).isEmpty();
          assertThat(c.refundAttempt()).isTrue();
          assertThat(c.dueAt()).isEqualTo(opened.plus(SETTINGS.openFor()));
        }
        advance(Duration.ofSeconds(1));
      }
      assertThat(dead.calls).hasValue(10);

      // Its trial, once the open duration is over: three calls through each circuit at most, which
      // fail and open both again.
      advance(Duration.ofMillis(1));
      runMany(runner, 10);
      assertThat(dead.calls.get() - 10).isBetween(1, 6);
      assertThat(routes.outageBreaker("dead").getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }
  }

  @Test
  void aDegradedProviderThatGoesOnToFailEveryCallGetsNoneOnceItsOutageCircuitOpens() {
    AtomicInteger dyingFrom = new AtomicInteger(Integer.MAX_VALUE);
    Scripted flaky = new Scripted("flaky", n -> n % 2 == 0 || n >= dyingFrom.get() ? DOWN : Accepted.of("F-" + n));
    try (ProviderRoutes routes = routes(flaky)) {
      AttemptRunner runner = runner(routes);
      runMany(runner, 10);
      Instant failoverTrial = clock.instant().plus(SETTINGS.openFor());
      dyingFrom.set(10);
      for (int step = 0; step < 150 && routes.outageBreaker("flaky").getState() == CircuitBreaker.State.CLOSED; step++) {
        runMany(runner, 10);
        advance(Duration.ofMillis(100));
      }
      assertThat(routes.outageBreaker("flaky").getState()).isEqualTo(CircuitBreaker.State.OPEN);
      int calls = flaky.calls.get();
      while (!clock.instant().isAfter(failoverTrial)) {
        runMany(runner, 10);
        advance(Duration.ofMillis(100));
      }
      assertThat(flaky.calls).hasValue(calls);
    }
  }

  @Test
  void withAHealthyFallbackTheDegradedPrimaryIsSkipped() {
    Scripted primary = new Scripted("primary", n -> n % 2 == 0 ? DOWN : Accepted.of("P-" + n));
    Scripted backup = new Scripted("backup", n -> Accepted.of("B-" + n));
    try (ProviderRoutes routes = new ProviderRoutes(Map.of(Channel.SMS, List.of(primary, backup)), SETTINGS, clock)) {
      AttemptRunner runner = runner(routes);
      runMany(runner, 10);
      assertThat(routes.breaker("primary").getState()).isEqualTo(CircuitBreaker.State.OPEN);
      int backupCalls = backup.calls.get();

      List<Completion> outcomes = new ArrayList<>();
      for (int step = 0; step < 100; step++) {
        outcomes.addAll(runMany(runner, 10));
        advance(Duration.ofMillis(100));
      }
      assertThat(primary.calls).hasValue(10);
      assertThat(backup.calls).hasValue(backupCalls + 1_000);
      assertThat(outcomes).allSatisfy(c -> {
        assertThat(c.status()).isEqualTo(MessageStatus.SENT);
        assertThat(c.deliveryAttempts()).extracting(a -> a.provider() + ":" + a.errorCode())
            .containsExactly("primary:circuit_open", "backup:null");
      });
    }
  }

  private void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

  private ProviderRoutes routes(ChannelProvider sole) {
    return new ProviderRoutes(Map.of(Channel.SMS, List.of(sole)), SETTINGS, clock);
  }

  /** A runner that never waits for a rate permit, so each run is decided at once. */
  private AttemptRunner runner(ProviderRoutes routes) {
    return new AttemptRunner(routes, Map.of(Channel.SMS, RetryPolicy.DEFAULT), BucketRateLimiter.local(), Duration.ZERO,
        Map.of(), clock, "node-a");
  }

  /** The first attempt of {@code count} new messages, one after the other. */
  private List<Completion> runMany(AttemptRunner runner, int count) {
    List<Completion> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Message m = new MessageRequest("sms", "+14155550100", null, "hi", null, null, null, null, null, null, Map.of())
          .toMessage("t1", new Addresses("US"), clock.instant(), c -> 4, null).claimed(1, clock.instant(), List.of());
      out.add(runner.run(m, System.nanoTime() + Duration.ofMinutes(1).toNanos()));
    }
    return out;
  }

  /** A provider whose {@code n}th call (from 0) ends as {@code script} says. */
  private static final class Scripted implements ChannelProvider {
    private final String id;
    private final IntFunction<DeliveryOutcome> script;
    final AtomicInteger calls = new AtomicInteger();

    Scripted(String id, IntFunction<DeliveryOutcome> script) {
      this.id = id;
      this.script = script;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Set<Channel> channels() {
      return Set.of(Channel.SMS);
    }

    @Override
    public DeliveryOutcome send(Message message) {
      return script.apply(calls.getAndIncrement());
    }
  }
}
