package dev.herald.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code flaky}: 2,000 preloaded SMS messages through the simulator as the channel's only provider,
 * failing half of its sends transiently, retried after 1 s ({@code retry_max_attempts} stays 4), with
 * delivery reports: the time from the first provider call until every message is at its end
 * ({@code delivered}, or {@code dead_lettered} after four failed attempts, about one in sixteen),
 * the count of each, and messages still on their way when the harness gave up ({@code stuck}).
 * A degraded provider is not a dead one: its circuit opens for failover, yet with no other
 * provider it must keep carrying traffic.
 */
final class FlakyProvider implements Scenario {
  static final int MESSAGES = 2_000;
  private static final String ENDED = "status IN ('delivered', 'undelivered', 'failed', 'dead_lettered')";

  @Override
  public String id() {
    return "flaky";
  }

  @Override
  public String title() {
    return "flaky provider: the only provider fails 50% of sends, 1 s backoff";
  }

  @Override
  public Figures run(BenchSettings s, DbKind kind) throws Exception {
    int n = s.scaled(MESSAGES);
    FreshDatabase db = FreshDatabase.create(kind, s.workDir(), id());
    Figures f = new Figures(id(), kind.label());
    f.put("messages", n).put("preload_s", Preload.messages(db, n));
    Map<String, String> env = new HashMap<>(db.serverEnv());
    env.put("HERALD_SIMULATOR_FAILURE_RATE", "0.5");
    env.put("HERALD_RETRY_BACKOFF", "1s");
    try (QueueProbe probe = new QueueProbe(db); ServerUnderTest server = new ServerUnderTest(s, id() + "-" + kind.label(), env)) {
      probe.await("status IN ('queued', 'scheduled', 'sending', 'sent')", c -> c == 0, Duration.ofMinutes(30));
      long first = probe.number("SELECT MIN(started_at) FROM delivery_attempts");
      long last = probe.number("SELECT MAX(updated_at) FROM messages WHERE " + ENDED);
      f.put("drain_s", (last - first) / 1e3)
          .put("delivered", probe.count("status = 'delivered'"))
          .put("dead_lettered", probe.count("status = 'dead_lettered'"))
          .put("other_end", probe.count("status IN ('undelivered', 'failed')"))
          .put("stuck", n - probe.count(ENDED))
          .put("provider_calls", probe.count("delivery_attempts", "error_code IS NULL OR error_code <> 'circuit_open'"))
          .put("circuit_open_records", probe.count("delivery_attempts", "error_code = 'circuit_open'"));
    }
    f.below("drain_s", 120).below("stuck", 1);
    db.discard();
    return f;
  }
}
