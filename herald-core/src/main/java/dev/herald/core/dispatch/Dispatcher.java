package dev.herald.core.dispatch;

import dev.herald.core.message.Channel;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.Workers;
import dev.herald.core.retry.RetryPolicy;
import dev.herald.core.store.Completion;
import dev.herald.core.store.MessageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's worker pool (DESIGN §4). A claimer thread claims due messages in batches sized to the
 * free slots, each message is sent on its own virtual thread, and a writer thread records outcomes
 * in batches. No database transaction is open during a provider call. A message whose lease
 * expired (its node died) is due again: the reaper makes it so on the embedded store, and on
 * PostgreSQL the next claim of any node takes it over.
 *
 * <p>A message accepted on this node while workers are free and nothing waits in the queue is
 * claimed in its insert and handed over directly ({@link #reserve}, {@link #dispatch}): no claim
 * statement, no wake-up in between.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} once; {@code close} stops claiming, waits
 * for sends in flight (up to the lease) and writes their outcomes.
 */
public final class Dispatcher implements AutoCloseable, Workers {
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
  /** Messages claimed in their insert, waiting for the hand-off thread. */
  private final LinkedBlockingQueue<Message> handedOff = new LinkedBlockingQueue<>();
  private Thread handOff;
  /** Outcome writers: two, so one batch is written while the next one gathers. */
  private static final int WRITERS = 2;
  private final List<Thread> writerThreads = new java.util.ArrayList<>();
  private volatile boolean running;
  /**
   * Whether due messages may be waiting in the queue: true from a wake-up (or a failed claim, or a
   * claim that found as many as it asked for) until a claim begun after the latest wake-up finds
   * fewer than it asked for. Hand-offs wait while it is true, so a message accepted now does not
   * overtake one queued before it. A message that falls due by time ({@code send_at}, a retry's
   * backoff) wakes nobody and is found by the next poll; until then a hand-off may go first, but
   * it only takes a worker that was free, so the older message is not delayed by it.
   */
  private volatile boolean backlog = true;
  /** Wake-ups so far: a claim begun before the latest one cannot tell that the queue is drained. */
  private final AtomicLong wakeUps = new AtomicLong();
  /** Slots reserved by accepts whose messages are neither handed over nor given back yet. */
  private final AtomicInteger reservations = new AtomicInteger();
  /** When a stopping dispatcher gives up waiting for reserved hand-offs ({@link System#nanoTime()}). */
  private volatile long handOffsAwaitedUntil = Long.MAX_VALUE;
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
    store.onRemoteWork(this::wakeUp);
    for (int i = 0; i < WRITERS; i++) {
      writerThreads.add(Thread.ofPlatform().name("herald-outcome-writer-" + i).start(writer));
    }
    if (!settings.claiming()) {
      LOG.info("dispatcher_enabled=false: this node accepts messages but sends none");
      return;
    }
    handOff = Thread.ofPlatform().name("herald-hand-off").start(this::handOffLoop);
    claimer = Thread.ofPlatform().name("herald-claimer").start(this::claimLoop);
    long reapMillis = settings.reapInterval().toMillis();
    reaper.scheduleWithFixedDelay(this::reap, reapMillis, reapMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Announces that new work may be due (a message was accepted, a retry became due): it waits in
   * the queue, so hand-offs stop until a claim finds the queue drained.
   */
  @Override
  public void wakeUp() {
    wakeUps.incrementAndGet();
    backlog = true;
    wakeUp.signal();
  }

  /** This node's id. */
  @Override
  public String node() {
    return node;
  }

  @Override
  public Duration lease() {
    return settings.lease();
  }

  /**
   * Reserves up to {@code wanted} free slots for messages accepted on this node: none while the
   * dispatcher is stopped or not claiming, while the queue may hold due messages, or while the
   * claimer holds the free slots for a claim of its own.
   */
  @Override
  public int reserve(int wanted) {
    if (!running || claimer == null || backlog) {
      return 0;
    }
    int n = Math.min(wanted, slots.availablePermits());
    if (n <= 0 || !slots.tryAcquire(n)) {
      return 0;
    }
    reservations.addAndGet(n);
    if (!running) {
      // close() may have looked at the reservations before this one counted: take none.
      release(n);
      return 0;
    }
    return n;
  }

  @Override
  public void release(int reserved) {
    if (reserved > 0) {
      reservations.addAndGet(-reserved);
      slots.release(reserved);
    }
  }

  /**
   * Sends messages stored already claimed for this node; each holds a slot from {@link #reserve}.
   * They are queued for the hand-off thread, which passes whatever has gathered through the send
   * gate as one batch: accepts arrive one message at a time, and a consent read each would cost
   * a transaction each.
   */
  @Override
  public void dispatch(List<Message> claimed) {
    handedOff.addAll(claimed);
    reservations.addAndGet(-claimed.size());
  }

  /**
   * Drains hand-offs in batches (one gate check per batch). When the dispatcher stops, it goes on
   * until every reservation taken before the stop is handed over or given back (a few seconds at
   * most), so no message claimed in its insert is left to wait out its lease.
   */
  private void handOffLoop() {
    List<Message> batch = new ArrayList<>();
    while (running || !handedOff.isEmpty() || (reservations.get() > 0 && System.nanoTime() < handOffsAwaitedUntil)) {
      try {
        Message first = handedOff.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        handedOff.drainTo(batch, settings.claimBatch() - 1);
        sendBatch(List.copyOf(batch), deadlineOf(batch));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | Error e) {
        // Never expected (sendBatch turns every failure into an outcome); the thread must outlive
        // it, and the batch's leases bring back whatever it did not send.
        LOG.error("handing over {} messages failed; their leases will expire and they will be claimed again", batch.size(), e);
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * The send deadline of a batch claimed in its insert: three quarters of the lease from the
   * oldest claim (a claimed message's update time), as for claimed batches.
   */
  private long deadlineOf(List<Message> batch) {
    Instant oldest = batch.stream().map(Message::updatedAt).min(Instant::compareTo).orElseThrow();
    long elapsed = Math.max(0, Duration.between(oldest, clock.instant()).toNanos());
    return System.nanoTime() + settings.lease().toNanos() * 3 / 4 - elapsed;
  }

  /** Runs the lease reaper once now (also runs on its own schedule). Returns messages made due. */
  public int reap() {
    try {
      Instant now = clock.instant();
      int reaped = store.reapExpiredLeases(now, now);
      if (reaped > 0) {
        LOG.info("made {} messages due again after their lease expired", reaped);
        wakeUp();
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
        long wakeUpsBefore = wakeUps.get();
        List<Message> attempt = claim(want);
        if (attempt == null || attempt.size() == want) {
          backlog = true;
        } else {
          backlog = false;
          // A wake-up that came during the claim (before or after this write) keeps it true.
          if (wakeUps.get() != wakeUpsBefore) {
            backlog = true;
          }
        }
        List<Message> claimed = attempt == null ? List.of() : attempt;
        slots.release(want - claimed.size());
        // A send must finish well inside its lease, or its message could be taken over by a claim
        // (PostgreSQL) or the reaper (embedded).
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
        continue;
      }
      try {
        senders.execute(() -> writer.submit(attemptSafely(m, null, deadlineNanos)));
      } catch (RuntimeException e) {
        // No thread for the send (the node is stopping): it waits without spending its attempt,
        // and its outcome frees its slot like any other.
        LOG.warn("could not start the send of {}; retrying it later", m.id(), e);
        Instant now = clock.instant();
        writer.submit(new Completion(m.id(), node, m.attempts(), MessageStatus.QUEUED, now, now.plus(GATE_RETRY), null,
            null, null, null, "internal_error", "send could not start: " + e, List.of(), true));
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

  /** Claims up to {@code want} due messages; {@code null} when the claim failed. */
  private List<Message> claim(int want) throws InterruptedException {
    try {
      Instant now = clock.instant();
      return store.claimDue(node, now, now.plus(settings.lease()), want);
    } catch (RuntimeException e) {
      if (running) {
        LOG.warn("claiming messages failed; retrying after {}", settings.pollInterval(), e);
        Thread.sleep(settings.pollInterval().toMillis());
      }
      return null;
    }
  }

  @Override
  public void close() {
    running = false;
    reaper.shutdownNow();
    if (claimer != null) {
      claimer.interrupt();
      join(claimer);
      // No slot is reserved from now on; the hand-offs reserved before the stop still go out.
      handOffsAwaitedUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      join(handOff);
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
