package dev.herald.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load at a fixed rate: a pacer releases request {@code i} at {@code start + i/rate}
 * whatever the server does, and connection threads send them as they become free. Latency runs from
 * the intended send time to the end of the response, so a stalled server is charged for every
 * request that waited behind it (no coordinated omission). Requests still unsent when the drain
 * limit passes are recorded as that late and counted as unsent.
 */
final class OpenLoopLoad {
  /** What a run measured. Latencies in microseconds. */
  record Outcome(int rate, Histogram latencyMicros, long requests, long ok, long errors, long unsent, double seconds) {
    double achievedRate() {
      return ok / seconds;
    }
  }

  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(10);

  private final int port;
  private final String path;
  private final IntFunction<String> body;
  private final int connections;
  private final AtomicInteger sequence = new AtomicInteger();

  /** @param body the request body for request number {@code i} (numbered across runs) */
  OpenLoopLoad(int port, String path, IntFunction<String> body, int connections) {
    this.port = port;
    this.path = path;
    this.body = body;
    this.connections = connections;
  }

  Outcome run(int rate, Duration duration) throws InterruptedException {
    long total = rate * duration.toMillis() / 1_000;
    LinkedBlockingQueue<Long> due = new LinkedBlockingQueue<>();
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime() + 20_000_000;
    long deadline = start + duration.toNanos() + DRAIN_LIMIT.toNanos();
    AtomicBoolean pacing = new AtomicBoolean(true);
    List<Histogram> histograms = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Histogram h = new Histogram(3_600_000_000L, 3);
      histograms.add(h);
      workers.add(Thread.ofVirtual().start(() -> work(due, h, ok, errors, pacing, deadline)));
    }
    double interval = 1e9 / rate;
    for (long i = 0; i < total; ) {
      long now = System.nanoTime();
      long released = Math.min(total, (long) ((now - start) / interval) + 1);
      for (; i < released; i++) {
        due.add(start + (long) (i * interval));
      }
      LockSupport.parkNanos(200_000);
    }
    pacing.set(false);
    for (Thread t : workers) {
      t.join();
    }
    Histogram all = new Histogram(3_600_000_000L, 3);
    histograms.forEach(all::add);
    long unsent = 0;
    for (Long intended; (intended = due.poll()) != null; unsent++) {
      all.recordValue(Math.max(0, (deadline - intended) / 1_000));
    }
    double seconds = (Math.min(System.nanoTime(), deadline) - start) / 1e9;
    return new Outcome(rate, all, total, ok.get(), errors.get(), unsent, seconds);
  }

  private void work(LinkedBlockingQueue<Long> due, Histogram h, AtomicLong ok, AtomicLong errors, AtomicBoolean pacing,
      long deadline) {
    try (HttpConnection c = new HttpConnection("127.0.0.1", port, ServerUnderTest.API_KEY)) {
      while (System.nanoTime() < deadline) {
        Long intended = due.poll(5, TimeUnit.MILLISECONDS);
        if (intended == null) {
          if (!pacing.get()) {
            return;
          }
          continue;
        }
        byte[] b = body.apply(sequence.getAndIncrement()).getBytes(StandardCharsets.UTF_8);
        try {
          int status = c.post(path, b);
          (status == 202 ? ok : errors).incrementAndGet();
        } catch (IOException e) {
          errors.incrementAndGet();
          c.close();
        }
        h.recordValue(Math.max(0, (System.nanoTime() - intended) / 1_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
