package dev.herald.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * S2: open-loop {@code POST /v1/messages} at 1k, 2k, 5k and 10k requests/s (10 s each, after a
 * warm-up at 2k/s until the server's JIT compilers are quiet, {@link JitWarmUp}), then
 * {@code POST /v1/messages/batch} with 1,000 messages per request from four closed-loop
 * connections for 10 s. The server runs with {@code dispatcher_enabled=false}, so the figures are
 * the accept path alone (S3 and S4 accept and send at once), and the warm-up's messages (about
 * 50,000–80,000) stay in the table the steps insert into.
 */
final class AcceptLoad implements Scenario {
  static final int[] RATES = {1_000, 2_000, 5_000, 10_000};
  static final int CONNECTIONS = 128;

  @Override
  public String id() {
    return "S2";
  }

  @Override
  public String title() {
    return "accept: open-loop single-message requests at fixed rates, then batches of 1,000";
  }

  @Override
  public Figures run(BenchSettings s, DbKind kind) throws Exception {
    FreshDatabase db = FreshDatabase.create(kind, s.workDir(), "s2");
    Figures f = new Figures(id(), kind.label());
    Map<String, String> env = new HashMap<>(db.serverEnv());
    env.put("HERALD_DISPATCHER_ENABLED", "false");
    Duration step = Duration.ofMillis(s.scaled(10_000));
    try (ServerUnderTest server = new ServerUnderTest(s, "s2-" + kind.label(), env);
        OpenLoopLoad load = new OpenLoopLoad(server.port, "/v1/messages", AcceptLoad::single, CONNECTIONS)) {
      f.put("warm_up_s", JitWarmUp.run(server, load, 5_000, s) / 1e9);
      Map<String, Long> jit0 = server.compilerTicks();
      int held = 0;
      for (int rate : RATES) {
        OpenLoopLoad.Outcome o = load.run(rate, step);
        Histogram h = o.latencyMicros();
        String k = "r" + rate / 1000 + "k_";
        f.put(k + "p50_ms", h.getValueAtPercentile(50) / 1000.0).put(k + "p99_ms", h.getValueAtPercentile(99) / 1000.0)
            .put(k + "p999_ms", h.getValueAtPercentile(99.9) / 1000.0).put(k + "achieved_per_s", o.achievedRate());
        if (o.errors() + o.unsent() > 0) {
          f.put(k + "errors", o.errors() + o.unsent());
        }
        if (h.getValueAtPercentile(99) < 50_000 && o.errors() + o.unsent() == 0 && o.ok() >= o.requests() * 0.99) {
          held = Math.max(held, rate);
        }
      }
      f.put("highest_rate_p99_under_50ms", held);
      if (!jit0.isEmpty()) { // empty where /proc cannot be read
        f.put("jit_cpu_s_while_measured", CpuTicks.secondsBetween(jit0, server.compilerTicks()));
      }
      f.put("batch_messages_per_s", batches(server.port, Duration.ofMillis(s.scaled(10_000))));
      server.close();
      f.put("peak_rss_mb", server.peakRssKb() / 1024.0);
    }
    if (kind == DbKind.POSTGRESQL) {
      f.atLeast("highest_rate_p99_under_50ms", 5_000);
    }
    f.atLeast("batch_messages_per_s", 50_000).below("peak_rss_mb", 512);
    db.discard();
    return f;
  }

  static String single(int i) {
    return "{\"channel\":\"sms\",\"to\":\"" + Preload.recipient(i) + "\",\"body\":\"Bench message " + i + "\"}";
  }

  /** Messages accepted per second by four connections posting batches of 1,000 back to back. */
  private static double batches(int port, Duration duration) throws InterruptedException {
    StringBuilder b = new StringBuilder("{\"messages\":[");
    for (int i = 0; i < 1_000; i++) {
      b.append(i == 0 ? "" : ",").append(single(i));
    }
    byte[] body = b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    AtomicLong accepted = new AtomicLong();
    long end = System.nanoTime() + duration.toNanos();
    long t0 = System.nanoTime();
    Thread[] senders = new Thread[4];
    for (int t = 0; t < senders.length; t++) {
      senders[t] = Thread.ofVirtual().start(() -> {
        try (HttpConnection c = new HttpConnection("127.0.0.1", port, ServerUnderTest.API_KEY)) {
          while (System.nanoTime() < end) {
            if (c.post("/v1/messages/batch", body) == 202) {
              accepted.addAndGet(1_000);
            }
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
    for (Thread t : senders) {
      t.join();
    }
    return accepted.get() / ((System.nanoTime() - t0) / 1e9);
  }
}
