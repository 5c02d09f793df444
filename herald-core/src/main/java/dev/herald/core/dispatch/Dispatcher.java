package dev.herald.core.dispatch;

import dev.herald.core.message.Channel;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.retry.RetryPolicy;
import dev.herald.core.store.Completion;
import dev.herald.core.store.MessageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's worker pool (DESIGN §4). A claimer thread claims due messages in batches sized to the
 * free slots, each message is sent on its own virtual thread, and a writer thread records outcomes
 * in batches. No database transaction is open during a provider call. A reaper makes messages whose
 * lease expired (their node died) due again.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} once; {@code close} stops claiming, waits
 * for sends in flight (up to the lease) and writes their outcomes.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  /** When a message waits after the send gate could not decide (its store was unreachable). */
  private static final Duration GATE_RETRY = Duration.ofSeconds(10);

  private final MessageStore store;
  private final Clock clock;
  private final DispatcherSettings settings;
  private final String node;
  private final AttemptRunner runner;
  private final WakeUpSignal wakeUp = new WakeUpSignal();
  private final Semaphore slots;
  private final CompletionWriter writer;
  private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(
      r -> Thread.ofPlatform().name("herald-reaper").daemon().unstarted(r));
  private Thread claimer;
  /** Outcome writers: two, so one batch is written while the next one gathers. */
  private static final int WRITERS = 2;
  private final List<Thread> writerThreads = new java.util.ArrayList<>();
  private volatile boolean running;
  private volatile SendGate gate = SendGate.OPEN;

  /**
   * @param limiter the rate limiter providers' {@code rateLimits} are taken from
   * @param tariffs configured prices by provider id, for providers that report none
   * @param node this node's id, recorded on leases and delivery attempts
   */
  public Dispatcher(MessageStore store, ProviderRoutes routes, Map<Channel, RetryPolicy> policies,
      dev.herald.core.ratelimit.RateLimiter limiter, Map<String, Tariff> tariffs, Clock clock, DispatcherSettings settings,
      String node) {
    this.store = store;
    this.clock = clock;
    this.settings = settings;
    this.node = node;
    // A send may wait for a rate-limit permit for at most a quarter of its lease.
    this.runner = new AttemptRunner(routes, policies, limiter, settings.lease().dividedBy(4), tariffs, clock, node);
    this.slots = new Semaphore(settings.maxInFlight());
    this.writer = new CompletionWriter(store, settings.completionBatch(), slots::release);
  }

  /** Sets the gate every claimed message passes before sending; call before {@link #start()}. */
  public void guardWith(SendGate gate) {
    this.gate = gate;
  }

  /** Starts claiming, writing and reaping. */
  public void start() {
    running = true;
    store.onRemoteWork(wakeUp::signal);
    for (int i = 0; i < WRITERS; i++) {
      writerThreads.add(Thread.ofPlatform().name("herald-outcome-writer-" + i).start(writer));
    }
    if (!settings.claiming()) {
      LOG.info("dispatcher_enabled=false: this node accepts messages but sends none");
      return;
    }
    claimer = Thread.ofPlatform().name("herald-claimer").start(this::claimLoop);
    long reapMillis = settings.reapInterval().toMillis();
    reaper.scheduleWithFixedDelay(this::reap, reapMillis, reapMillis, TimeUnit.MILLISECONDS);
  }

  /** Announces that new work may be due (a message was accepted, a retry became due). */
  public void wakeUp() {
    wakeUp.signal();
  }

  /** This node's id. */
  public String node() {
    return node;
  }

  /** Runs the lease reaper once now (also runs on its own schedule). Returns messages made due. */
  public int reap() {
    try {
      Instant now = clock.instant();
      int reaped = store.reapExpiredLeases(now, now);
      if (reaped > 0) {
        LOG.info("made {} messages due again after their lease expired", reaped);
        wakeUp.signal();
      }
      return reaped;
    } catch (RuntimeException e) {
      LOG.warn("lease reaper failed", e);
      return 0;
    }
  }

  private void claimLoop() {
    while (running) {
      try {
        slots.acquire();
        int want = 1 + slots.drainPermits();
        if (want > settings.claimBatch()) {
          slots.release(want - settings.claimBatch());
          want = settings.claimBatch();
        }
        List<Message> claimed = claim(want);
        slots.release(want - claimed.size());
        // A send must finish well inside its lease, or the reaper could hand it to another node.
        long deadline = System.nanoTime() + settings.lease().toNanos() * 3 / 4;
        if (!claimed.isEmpty()) {
          senders.execute(() -> sendBatch(claimed, deadline));
        }
        if (claimed.size() < want) {
          wakeUp.await(settings.pollInterval());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Passes a claimed batch through the send gate (one check for the batch) and sends each message
   * that may go on its own virtual thread. A gate that cannot decide fails closed: the whole batch
   * waits and is checked again later, without spending attempts.
   */
  private void sendBatch(List<Message> claimed, long deadlineNanos) {
    Map<String, String> stops;
    try {
      stops = gate.checkAll(claimed);
    } catch (RuntimeException e) {
      // Failing closed: a message whose consent cannot be read waits rather than risk an opted-out send.
      LOG.warn("send gate failed on a batch of {}; retrying them later", claimed.size(), e);
      Instant now = clock.instant();
      for (Message m : claimed) {
        writer.submit(new Completion(m.id(), node, m.attempts(), MessageStatus.QUEUED, now, now.plus(GATE_RETRY), null,
            null, null, null, "send_gate_unavailable", "consent check failed: " + e.getMessage(), List.of(), true));
      }
      return;
    }
    for (Message m : claimed) {
      String stop = stops.get(m.id());
      if (stop != null) {
        writer.submit(attemptSafely(m, stop, deadlineNanos));
      } else {
        senders.execute(() -> writer.submit(attemptSafely(m, null, deadlineNanos)));
      }
    }
  }

  /** Runs an attempt; whatever goes wrong, it yields an outcome, so no slot or message is stranded. */
  private Completion attemptSafely(Message m, String stop, long deadlineNanos) {
    try {
      Completion outcome = stop != null
          ? new Completion(m.id(), node, m.attempts(), MessageStatus.SUPPRESSED, clock.instant(), null, null, null, null,
              null, "suppressed", stop, List.of())
          : runner.run(m, deadlineNanos);
      try {
        gate.attempted(m, outcome);
      } catch (RuntimeException e) {
        LOG.warn("send gate listener failed on {}", m.id(), e);
      }
      return outcome;
    } catch (RuntimeException | Error e) {
      LOG.error("attempt of {} failed unexpectedly; re-queued without spending an attempt", m.id(), e);
      Instant now = clock.instant();
      return new Completion(m.id(), node, m.attempts(), MessageStatus.QUEUED, now, now.plus(GATE_RETRY), null, null,
          null, null, "internal_error", "attempt failed unexpectedly: " + e, List.of(), true);
    }
  }

  private List<Message> claim(int want) throws InterruptedException {
    try {
      Instant now = clock.instant();
      return store.claimDue(node, now, now.plus(settings.lease()), want);
    } catch (RuntimeException e) {
      if (running) {
        LOG.warn("claiming messages failed; retrying after {}", settings.pollInterval(), e);
        Thread.sleep(settings.pollInterval().toMillis());
      }
      return List.of();
    }
  }

  @Override
  public void close() {
    running = false;
    reaper.shutdownNow();
    if (claimer != null) {
      claimer.interrupt();
      join(claimer);
    }
    senders.shutdown();
    try {
      if (!senders.awaitTermination(settings.lease().toMillis(), TimeUnit.MILLISECONDS)) {
        senders.shutdownNow();
        // Interrupted sends still hand in an outcome; let them before the writers stop.
        senders.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.stop();
    writerThreads.forEach(Dispatcher::join);
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
