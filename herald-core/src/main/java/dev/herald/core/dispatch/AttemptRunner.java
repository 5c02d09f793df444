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
import dev.herald.core.retry.RetryPolicy;
import dev.herald.core.store.Completion;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed attempt of one message: tries the channel's providers in order (a transient
 * failure moves on to the next provider within the same attempt), then decides the message's next
 * status — sent, failed, retried later with backoff, or dead-lettered when the budget is spent.
 * Never touches the store: it returns a {@link Completion} for the writer.
 */
final class AttemptRunner {
  private static final Logger LOG = LoggerFactory.getLogger(AttemptRunner.class);

  private final ProviderRoutes routes;
  private final Map<Channel, RetryPolicy> policies;
  private final Clock clock;
  private final String node;

  AttemptRunner(ProviderRoutes routes, Map<Channel, RetryPolicy> policies, Clock clock, String node) {
    this.routes = routes;
    this.policies = policies;
    this.clock = clock;
    this.node = node;
  }

  Completion run(Message m) {
    Instant now = clock.instant();
    if (m.isExpiredAt(now)) {
      return finish(m, MessageStatus.EXPIRED, now, null, "expired", "expires_at " + m.expiresAt() + " passed before sending", List.of());
    }
    if (m.attempts() > m.maxAttempts()) {
      return finish(m, MessageStatus.DEAD_LETTERED, now, null, "attempts_exhausted",
          "retry budget spent by attempts interrupted by node failure", List.of());
    }
    List<ChannelProvider> providers = routes.providersFor(m.channel());
    if (providers.isEmpty()) {
      return finish(m, MessageStatus.FAILED, now, null, "no_provider", "no provider configured for channel " + m.channel().wireName(), List.of());
    }
    List<DeliveryAttempt> log = new ArrayList<>(providers.size());
    TransientFailure lastTransient = null;
    for (ChannelProvider provider : providers) {
      Instant started = clock.instant();
      long t0 = System.nanoTime();
      DeliveryOutcome outcome = call(provider, m);
      long millis = (System.nanoTime() - t0) / 1_000_000;
      log.add(attemptRecord(m, provider, started, millis, outcome));
      switch (outcome) {
        case Accepted a -> {
          return new Completion(m.id(), node, m.attempts(), MessageStatus.SENT, clock.instant(), null,
              provider.id(), a.providerMessageId(), a.cost(), a.currency(), null,
              "accepted by " + provider.id(), log);
        }
        case PermanentFailure p -> {
          return finish(m, MessageStatus.FAILED, clock.instant(), provider.id(), p.code(), p.reason(), log);
        }
        case TransientFailure t -> lastTransient = t;
      }
    }
    Instant end = clock.instant();
    String lastProvider = providers.get(providers.size() - 1).id();
    if (m.attempts() >= m.maxAttempts()) {
      return finish(m, MessageStatus.DEAD_LETTERED, end, lastProvider, lastTransient.code(),
          "retries exhausted after " + m.attempts() + " attempts: " + lastTransient.reason(), log);
    }
    RetryPolicy policy = policies.getOrDefault(m.channel(), RetryPolicy.DEFAULT);
    Instant due = end.plus(policy.nextDelay(m.attempts(), lastTransient.retryAfter()));
    return new Completion(m.id(), node, m.attempts(), MessageStatus.QUEUED, end, due, lastProvider,
        null, null, null, lastTransient.code(),
        "attempt " + m.attempts() + " failed (" + lastTransient.reason() + "); retry at " + due, log);
  }

  private DeliveryOutcome call(ChannelProvider provider, Message m) {
    Semaphore permits = routes.permits(provider);
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new TransientFailure("interrupted", "node shutting down", null, 0);
    }
    try {
      DeliveryOutcome outcome = provider.send(m);
      return outcome != null ? outcome
          : new TransientFailure("provider_error", provider.id() + " returned no outcome", null, 0);
    } catch (RuntimeException e) {
      LOG.warn("provider {} threw while sending {}", provider.id(), m.id(), e);
      return new TransientFailure("provider_error", e.getClass().getSimpleName() + ": " + e.getMessage(), null, 0);
    } finally {
      permits.release();
    }
  }

  private DeliveryAttempt attemptRecord(Message m, ChannelProvider p, Instant started, long millis, DeliveryOutcome o) {
    String code = null;
    String reason = null;
    switch (o) {
      case Accepted a -> { }
      case TransientFailure t -> { code = t.code(); reason = t.reason(); }
      case PermanentFailure f -> { code = f.code(); reason = f.reason(); }
    }
    return new DeliveryAttempt(m.id(), m.attempts(), p.id(), started, millis, o.kind(), code, reason, o.httpStatus(), node);
  }

  private Completion finish(Message m, MessageStatus status, Instant at, String provider, String code,
      String reason, List<DeliveryAttempt> log) {
    return new Completion(m.id(), node, m.attempts(), status, at, null, provider, null, null, null, code, reason, log);
  }
}
