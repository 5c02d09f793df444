package dev.herald.provider.simulator;

import dev.herald.core.message.Channel;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageIds;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.ProviderContext;
import dev.herald.core.provider.SendJournal;
import dev.herald.core.provider.StatusReport;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider that delivers nothing but behaves like one: configurable latency and transient
 * failure rate, magic recipients ({@link MagicRecipients}), a durable journal of every accepted
 * send, and delivery reports sent asynchronously through the same status-report path real
 * providers' callbacks take.
 */
final class SimulatorProvider implements ChannelProvider {
  static final String ID = "simulator";
  private static final Logger LOG = LoggerFactory.getLogger(SimulatorProvider.class);

  private final SimulatorSettings settings;
  private final ProviderContext context;
  private final String node = "sim-" + UUID.randomUUID().toString().substring(0, 8);
  private static final int REPLAY_LIMIT = 100_000;
  private static final int REPLAY_CONCURRENCY = 256;
  /**
   * Delivery reports scheduled but not yet applied, at most: a send beyond that waits (up to
   * {@link #BACKLOG_WAIT}) for the backlog to drain, then fails transiently. Without the bound, sends
   * faster than Herald applies reports piled up report threads until the heap ran out (seen in the
   * benchmark with a larger connection pool); a real provider's webhooks are bounded the same way by
   * the receiving server refusing them.
   */
  private static final int MAX_UNREPORTED = 8_192;
  private static final Duration BACKLOG_WAIT = Duration.ofSeconds(10);
  private final Semaphore unreported = new Semaphore(MAX_UNREPORTED);
  private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(
      r -> Thread.ofPlatform().name("simulator-reports").daemon().unstarted(r));

  SimulatorProvider(SimulatorSettings settings, ProviderContext context) {
    this.settings = settings;
    this.context = context;
    if (settings.deliveryReports()) {
      Thread.ofVirtual().name("simulator-replay").start(this::replayUnreported);
    }
  }

  /**
   * Like a real provider retrying a webhook that was never acknowledged, re-sends the delivery
   * reports a crash cut off: every journaled send whose report was not noted. Reports carry the
   * same event key as the first time, so one that did arrive is recognised as a duplicate.
   */
  private void replayUnreported() {
    try {
      List<SendJournal.Entry> pending = context.sendJournal().unreported(REPLAY_LIMIT);
      if (!pending.isEmpty()) {
        LOG.info("replaying {} simulated delivery reports left unacknowledged by an earlier run", pending.size());
      }
      // Concurrently, as a provider's webhook retries arrive: the reports then share commits.
      Semaphore inFlight = new Semaphore(REPLAY_CONCURRENCY);
      try (var replays = Executors.newVirtualThreadPerTaskExecutor()) {
        for (SendJournal.Entry e : pending) {
          MagicRecipients magic = MagicRecipients.of(e.recipient());
          inFlight.acquireUninterruptibly();
          replays.execute(() -> {
            try {
              report(e.messageId(), e.providerMessageId(),
                  magic == MagicRecipients.UNDELIVERED ? MessageStatus.UNDELIVERED : MessageStatus.DELIVERED);
            } finally {
              inFlight.release();
            }
          });
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("replaying unacknowledged simulated reports failed", e);
    }
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<Channel> channels() {
    return EnumSet.allOf(Channel.class);
  }

  @Override
  public int maxConcurrency() {
    return settings.concurrency();
  }

  @Override
  public DeliveryOutcome send(Message message) {
    pause();
    MagicRecipients magic = MagicRecipients.of(message.to());
    switch (magic) {
      case PERMANENT_FAILURE -> {
        return new DeliveryOutcome.PermanentFailure("21211", "invalid recipient " + message.to() + " (simulated)", 400);
      }
      case ALWAYS_TRANSIENT -> {
        return new DeliveryOutcome.TransientFailure("unavailable", "recipient network unavailable (simulated)", null, 503);
      }
      default -> { }
    }
    if (settings.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < settings.failureRate()) {
      return new DeliveryOutcome.TransientFailure("simulated", "simulated transient failure", null, 503);
    }
    if (settings.deliveryReports() && !awaitBacklog()) {
      return new DeliveryOutcome.TransientFailure("report_backlog",
          MAX_UNREPORTED + " delivery reports still pending (simulated provider overloaded)", null, 503);
    }
    // Time-ordered (UUIDv7) like Herald's own ids: journal inserts append to its primary-key index.
    String providerMessageId = "SM" + MessageIds.next().replace("-", "");
    try {
      context.sendJournal().record(new SendJournal.Entry(providerMessageId, message.id(), message.tenantId(),
          message.channel().wireName(), message.to(), node, context.clock().instant()));
      if (!settings.deliveryReports()) {
        return DeliveryOutcome.Accepted.of(providerMessageId);
      }
      MessageStatus finalStatus = magic == MagicRecipients.UNDELIVERED ? MessageStatus.UNDELIVERED : MessageStatus.DELIVERED;
      reporter.schedule(() -> Thread.ofVirtual().start(() -> {
        try {
          report(message.id(), providerMessageId, finalStatus);
        } finally {
          unreported.release();
        }
      }), settings.callbackDelay().toMillis(), TimeUnit.MILLISECONDS);
      return DeliveryOutcome.Accepted.of(providerMessageId);
    } catch (RuntimeException e) {
      if (settings.deliveryReports()) {
        unreported.release();
      }
      throw e;
    }
  }

  /**
   * Hands the report over; the journal notes it once it is applied, which a sink that holds reports
   * it cannot apply yet may do later, in this process. A report never noted is replayed at the next
   * start.
   */
  private void report(String messageId, String providerMessageId, MessageStatus status) {
    String payload = "{\"id\":\"" + providerMessageId + "\",\"status\":\"" + status.wireName() + "\"}";
    try {
      context.statusReports().applyEventually(new StatusReport(ID, providerMessageId, messageId, status,
          status == MessageStatus.UNDELIVERED ? "30003" : null,
          status == MessageStatus.UNDELIVERED ? "unreachable destination handset (simulated)" : null,
          context.clock().instant(), providerMessageId + ":" + status.wireName(), status.wireName(), payload, null, null),
          applied -> context.sendJournal().markReported(providerMessageId, context.clock().instant()));
    } catch (RuntimeException e) {
      LOG.warn("simulated delivery report for {} could not be applied; it will be replayed at next start", messageId, e);
    }
  }

  private boolean awaitBacklog() {
    try {
      return unreported.tryAcquire(BACKLOG_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void pause() {
    long base = settings.latency().toMillis();
    if (base == 0) {
      return;
    }
    long jitter = settings.jitter().toMillis();
    long millis = jitter == 0 ? base : base - jitter + ThreadLocalRandom.current().nextLong(2 * jitter + 1);
    try {
      Thread.sleep(Duration.ofMillis(millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    reporter.shutdown();
    try {
      reporter.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
