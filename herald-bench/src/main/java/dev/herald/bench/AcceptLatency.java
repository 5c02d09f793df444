package dev.herald.bench;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * S3: open-loop {@code POST /v1/messages} at 2,000/s for 15 s with the dispatcher on, after a
 * warm-up at the same rate until the server's JIT compilers are quiet ({@link JitWarmUp}) and then
 * until the messages of the warm-up are all sent; {@code warm_up_s} says how long it took and
 * {@code to_provider_p99_from_start_ms} keeps the p99 over the warm-up too. Then, per message
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
        QueueProbe probe = new QueueProbe(db);
        OpenLoopLoad load = new OpenLoopLoad(server.port, "/v1/messages", AcceptLoad::single, AcceptLoad.CONNECTIONS)) {
      long start = System.currentTimeMillis();
      f.put("warm_up_s", JitWarmUp.run(server, load, RATE, s) / 1e9);
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
}
