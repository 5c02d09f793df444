package dev.herald.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.message.Category;
import dev.herald.core.message.Channel;
import dev.herald.core.message.Content;
import dev.herald.core.message.Direction;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.Priority;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import dev.herald.core.ratelimit.BucketRateLimiter;
import dev.herald.core.retry.Backoff;
import dev.herald.core.retry.RetryPolicy;
import dev.herald.core.store.Completion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The retry budget and the backoff step of a transient failure: both count the attempts of the
 * current run, since the latest operator's retry, while attempt numbers go on across it.
 */
class AttemptRunnerTest {
  private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
  private static final RetryPolicy POLICY = new RetryPolicy(4,
      new Backoff.Fixed(List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60))));

  private final AtomicInteger calls = new AtomicInteger();
  private final ChannelProvider unavailable = new ChannelProvider() {
    @Override
    public String id() {
      return "unavailable";
    }

    @Override
    public Set<Channel> channels() {
      return Set.of(Channel.SMS);
    }

    @Override
    public DeliveryOutcome send(Message message) {
      calls.incrementAndGet();
      return new TransientFailure("503", "service unavailable", null, 503);
    }
  };
  private final ProviderRoutes routes =
      new ProviderRoutes(Map.of(Channel.SMS, List.of(unavailable)), ProviderRoutes.BreakerSettings.DEFAULT);
  private final AttemptRunner runner = new AttemptRunner(routes, Map.of(Channel.SMS, POLICY), BucketRateLimiter.local(),
      Duration.ofSeconds(1), Map.of(), Clock.fixed(NOW, ZoneOffset.UTC), "node-a");

  @AfterEach
  void closeRoutes() {
    routes.close();
  }

  @Test
  void aFailureBeforeAnyRetryWaitsTheStepOfItsAttemptNumber() {
    assertThat(run(1, 0).dueAt()).isEqualTo(NOW.plusSeconds(10));
    assertThat(run(2, 0).dueAt()).isEqualTo(NOW.plusSeconds(30));
    assertThat(run(3, 0).dueAt()).isEqualTo(NOW.plusSeconds(60));
    Completion last = run(4, 0);
    assertThat(last.status()).isEqualTo(MessageStatus.DEAD_LETTERED);
    assertThat(last.reason()).startsWith("retries exhausted after 4 attempts: ");
  }

  @Test
  void afterAnOperatorRetryTheBackoffStartsAgainAtItsFirstStep() {
    Completion first = run(5, 4);
    assertThat(first.status()).isEqualTo(MessageStatus.QUEUED);
    assertThat(first.attempt()).isEqualTo(5);
    assertThat(first.deliveryAttempts()).extracting(a -> a.attempt()).containsExactly(5);
    assertThat(first.dueAt()).isEqualTo(NOW.plusSeconds(10));
    assertThat(run(6, 4).dueAt()).isEqualTo(NOW.plusSeconds(30));
    assertThat(run(7, 4).dueAt()).isEqualTo(NOW.plusSeconds(60));
  }

  @Test
  void afterAnOperatorRetryTheMessageIsDeadLetteredWhenThePolicysAttemptsAreSpentAgain() {
    Completion last = run(8, 4);
    assertThat(last.status()).isEqualTo(MessageStatus.DEAD_LETTERED);
    assertThat(last.reason()).startsWith("retries exhausted after 4 attempts since the retry (8 in all): ");
  }

  @Test
  void anAttemptPastTheBudgetAfterANodeFailureIsDeadLetteredWithoutASend() {
    assertThat(run(9, 4).status()).isEqualTo(MessageStatus.DEAD_LETTERED);
    assertThat(run(5, 0).status()).isEqualTo(MessageStatus.DEAD_LETTERED);
    assertThat(calls).hasValue(0);
  }

  private Completion run(int attempt, int attemptsBeforeRetry) {
    Message m = new Message("0190d5a0-0000-7000-8000-000000000001", "t1", Channel.SMS, Direction.OUTBOUND,
        "+14155550100", null, Content.text("hi"), Category.TRANSACTIONAL, Priority.HIGH, NOW, null, Map.of(), null,
        null, null, MessageStatus.SENDING, attempt, POLICY.maxAttempts(), attemptsBeforeRetry, NOW, null, null, null,
        null, null, null, NOW, NOW, List.of());
    return runner.run(m, System.nanoTime() + Duration.ofSeconds(10).toNanos());
  }
}
