package dev.herald.bench;

import java.time.Duration;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * S3: open-loop {@code POST /v1/messages} at 2,000/s for 15 s with the dispatcher on, after a
 * warm-up at the same rate until the server's JIT compilers are quiet (at least 10 s, then until
 * they used under 5% of a core over the last 5 s, at most 90 s) and then until the messages of
 * the warm-up are all sent. On this 2-core machine C1 and C2 take 25–65% of a core for the first
 * ~50 s at this rate, and the p99 of that stretch is the compiler's, not the engine's;
 * {@code warm_up_s} says how long it took and {@code to_provider_p99_from_start_ms} keeps the
 * p99 over the warm-up too. Then, per message
 * accepted after the warm-up, the time from acceptance ({@code created_at}) to its provider call
 * ({@code delivery_attempts.started_at}): both come from the server's clock in milliseconds, so
 * the figures carry ±1 ms of rounding.
 */
final class AcceptLatency implements Scenario {
  static final int RATE = 2_000;

  @Override
  public String id() {
    return "S3";
  }

  @Override
  public String title() {
    return "latency: accept (202) to provider call at 2,000 messages/s";
  }

  @Override
  public Figures run(BenchSettings s, DbKind kind) throws Exception {
    FreshDatabase db = FreshDatabase.create(kind, s.workDir(), "s3");
    Figures f = new Figures(id(), kind.label());
    try (ServerUnderTest server = new ServerUnderTest(s, "s3-" + kind.label(), db.serverEnv());
        QueueProbe probe = new QueueProbe(db)) {
      OpenLoopLoad load = new OpenLoopLoad(server.port, "/v1/messages", AcceptLoad::single, AcceptLoad.CONNECTIONS);
      long start = System.currentTimeMillis();
      f.put("warm_up_s", warmUp(server, load, s) / 1e9);
      // The cold JVM falls behind during warm-up; measuring on top of that backlog would show the
      // warm-up, not the steady state. A server that cannot hold the rate still builds a backlog
      // during the measurement, and its p99 shows it.
      long drain = System.nanoTime();
      probe.awaitQueueEmpty(Duration.ofMinutes(2));
      f.put("warm_up_backlog_drain_s", (System.nanoTime() - drain) / 1e9);
      long since = System.currentTimeMillis();
      OpenLoopLoad.Outcome o = load.run(RATE, Duration.ofMillis(s.scaled(15_000)));
      probe.awaitQueueEmpty(Duration.ofMinutes(2));
      Histogram h = probe.acceptToProviderCall(since);
      f.put("messages", h.getTotalCount()).put("accept_p99_ms", o.latencyMicros().getValueAtPercentile(99) / 1000.0)
          .put("to_provider_p50_ms", (double) h.getValueAtPercentile(50)).put("to_provider_p99_ms", (double) h.getValueAtPercentile(99))
          .put("to_provider_max_ms", (double) h.getMaxValue())
          .put("to_provider_p99_from_start_ms", (double) probe.acceptToProviderCall(start).getValueAtPercentile(99));
      server.close();
      f.put("peak_rss_mb", server.peakRssKb() / 1024.0);
    }
    f.below("to_provider_p99_ms", 100).below("peak_rss_mb", 512);
    db.discard();
    return f;
  }

  /** Runs the load in 5 s steps until the JIT is quiet (see the class comment); returns nanoseconds spent. */
  private static long warmUp(ServerUnderTest server, OpenLoopLoad load, BenchSettings s) throws InterruptedException {
    long t0 = System.nanoTime();
    Duration step = Duration.ofMillis(s.scaled(5_000));
    load.run(RATE, Duration.ofMillis(s.scaled(10_000)));
    double quiet = Math.max(1 / CpuTicks.PER_SECOND, step.toMillis() / 1000.0 * 0.05); // 5% of a core, in seconds
    long cap = Duration.ofMillis(s.scaled(90_000)).toNanos();
    for (long elapsed = System.nanoTime() - t0; elapsed < cap; elapsed = System.nanoTime() - t0) {
      Map<String, Long> before = server.compilerTicks();
      load.run(RATE, step);
      double used = CpuTicks.secondsBetween(before, server.compilerTicks());
      if (before.isEmpty() || used < quiet) {
        break;
      }
    }
    return System.nanoTime() - t0;
  }
}
