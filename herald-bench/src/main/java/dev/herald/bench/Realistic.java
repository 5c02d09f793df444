package dev.herald.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * S4: 100,000 preloaded SMS messages sent through a simulator with 50 ms ± 20 ms latency, 1%
 * transient failures (retried after 200 ms) and an asynchronous delivery report for every accepted
 * send: messages/s reaching {@code delivered}, lost messages (never delivered), and messages the
 * simulator's journal shows were sent more than once.
 *
 * <p>S5 ({@code crash}): the same, with the server killed by SIGKILL when 40% are delivered and a
 * new one started on the same database at once. Recovery is the time from the kill until no
 * message is still leased to the dead node (they were made due again and sent by the new one);
 * {@code all_final_after_kill_s} runs until every message reached its end, including delivery
 * reports the kill cut off, which the simulator replays from its journal at start.
 */
final class Realistic implements Scenario {
  static final int MESSAGES = 100_000;
  private final boolean crash;

  Realistic(boolean crash) {
    this.crash = crash;
  }

  @Override
  public String id() {
    return crash ? "S5" : "S4";
  }

  @Override
  public String title() {
    return crash ? "crash: S4 with kill -9 at 40% and a restart" : "realistic: 50±20 ms sends, 1% transient failures, delivery reports";
  }

  @Override
  public Figures run(BenchSettings s, DbKind kind) throws Exception {
    int n = s.scaled(MESSAGES);
    FreshDatabase db = FreshDatabase.create(kind, s.workDir(), id().toLowerCase());
    Figures f = new Figures(id(), kind.label());
    f.put("messages", n).put("preload_s", Preload.messages(db, n));
    Map<String, String> env = new HashMap<>(db.serverEnv());
    env.put("HERALD_SIMULATOR_LATENCY", "50ms");
    env.put("HERALD_SIMULATOR_LATENCY_JITTER", "20ms");
    env.put("HERALD_SIMULATOR_FAILURE_RATE", "0.01");
    env.put("HERALD_RETRY_BACKOFF", "200ms");
    env.put("HERALD_LEASE_DURATION", "5s");
    long rss;
    long[] killedAt = {0};
    try (QueueProbe probe = new QueueProbe(db)) {
      ServerUnderTest server = new ServerUnderTest(s, id().toLowerCase() + "-" + kind.label(), env);
      try {
        if (crash) {
          probe.await("status = 'delivered'", c -> c >= n * 4L / 10, Duration.ofMinutes(3));
          killedAt[0] = System.nanoTime();
          server = crashAndRestart(s, kind, env, server, probe, f);
        }
        probe.await("status IN ('queued', 'scheduled', 'sending', 'sent')", c -> c == 0, Duration.ofMinutes(4));
        if (crash) {
          f.put("all_final_after_kill_s", (System.nanoTime() - killedAt[0]) / 1e9);
        }
      } finally {
        server.close();
      }
      rss = Math.max(server.peakRssKb(), (long) (f.values.containsKey("peak_rss_mb") ? f.number("peak_rss_mb") * 1024 : 0));
      long delivered = probe.count("status = 'delivered'");
      long ended = probe.count("status IN ('delivered', 'undelivered', 'failed', 'dead_lettered')");
      f.put("delivered", delivered).put("delivered_per_s", delivered * 1000.0 / Math.max(1, probe.drainMillis("delivered")))
          .put("lost", n - ended).put("not_delivered", n - delivered)
          .put("sent_twice", probe.number("SELECT COUNT(*) FROM (SELECT message_id FROM simulator_sends GROUP BY message_id "
              + "HAVING COUNT(*) > 1) d"));
    }
    f.put("peak_rss_mb", rss / 1024.0);
    if (!crash) {
      f.atLeast("delivered_per_s", 5_000);
    }
    f.below("lost", 1).below("peak_rss_mb", 512);
    db.discard();
    return f;
  }

  private ServerUnderTest crashAndRestart(BenchSettings s, DbKind kind, Map<String, String> env, ServerUnderTest server,
      QueueProbe probe, Figures f) throws java.io.IOException {
    server.kill();
    long killedAt = System.nanoTime();
    f.put("peak_rss_mb", server.peakRssKb() / 1024.0);
    f.put("in_flight_at_kill", probe.count(probe.inFlight()));
    String deadNode = probe.text("SELECT MAX(lease_owner) FROM messages WHERE " + probe.inFlight());
    ServerUnderTest next = new ServerUnderTest(s, id().toLowerCase() + "-" + kind.label() + "-restart", env);
    f.put("restart_s", (System.nanoTime() - killedAt) / 1e9);
    if (deadNode != null) {
      probe.await(probe.inFlight() + " AND lease_owner = '" + deadNode.replace("'", "") + "'", c -> c == 0, Duration.ofMinutes(2));
    }
    f.put("recover_s", (System.nanoTime() - killedAt) / 1e9);
    return next;
  }
}
