package dev.herald.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * S1: 200,000 SMS messages preloaded, then drained by one server through the simulator at zero
 * latency. Delivery reports are off ({@code simulator.delivery_reports=false}): this measures the
 * queue (claim, send, record outcome and attempt, journal the send), so a message is done at
 * {@code sent}. S4 measures the full path with reports.
 */
final class BurnDown implements Scenario {
  static final int MESSAGES = 200_000;

  @Override
  public String id() {
    return "S1";
  }

  @Override
  public String title() {
    return "burn-down: preloaded queue drained at zero provider latency";
  }

  @Override
  public Figures run(BenchSettings s, DbKind kind) throws Exception {
    int n = s.scaled(MESSAGES);
    FreshDatabase db = FreshDatabase.create(kind, s.workDir(), "s1");
    Figures f = new Figures(id(), kind.label());
    f.put("messages", n).put("preload_s", Preload.messages(db, n));
    long commits0 = db.committedTransactions();
    long wal0 = db.walPosition();
    Map<String, String> env = new HashMap<>(db.serverEnv());
    env.put("HERALD_SIMULATOR_DELIVERY_REPORTS", "false");
    long left;
    long rss;
    try (ServerUnderTest server = new ServerUnderTest(s, "s1-" + kind.label(), env);
        QueueProbe probe = new QueueProbe(db)) {
      left = probe.await(QueueProbe.IN_QUEUE, c -> c == 0, Duration.ofMinutes(5));
      server.close();
      rss = server.peakRssKb();
    }
    try (QueueProbe probe = new QueueProbe(db)) {
      long millis = probe.drainMillis("sent");
      long sent = probe.count("status = 'sent'");
      f.put("sent", sent).put("left_in_queue", left).put("seconds", millis / 1000.0)
          .put("messages_per_s", sent * 1000.0 / Math.max(1, millis));
    }
    Pause.millis(500);
    long commits = db.committedTransactions() - commits0;
    long wal = db.walPosition() - wal0;
    if (commits0 >= 0) {
      f.put("commits_per_message", (double) commits / n).put("wal_bytes_per_message", (double) wal / n);
    }
    f.put("peak_rss_mb", rss / 1024.0);
    f.atLeast("messages_per_s", kind == DbKind.POSTGRESQL ? 20_000 : 40_000).below("peak_rss_mb", 512);
    db.discard();
    return f;
  }
}
