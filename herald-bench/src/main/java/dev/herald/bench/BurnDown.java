package dev.herald.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * S1: 200,000 SMS messages preloaded, then drained by one server through the simulator at zero
 * latency. Delivery reports are off ({@code simulator.delivery_reports=false}): this measures the
 * queue (claim, send, record outcome and attempt, journal the send), so a message is done at
 * {@code sent}. S4 measures the full path with reports.
 *
 * <p>The fresh server JVM first drains a warm-up set of 250,000 messages in two bursts: two thirds
 * due a second after preloading began (most of them are therefore stored {@code queued}, since they
 * are inserted after that second), and the rest scheduled for 12 s before the measured set, after
 * an idle spell like the one before it; the measured 200,000 are preloaded with them but scheduled
 * ({@code send_at}) for 55 s after preloading began, when the warm-up set is long done. Without a
 * warm-up, a 12 s drain is measured on a JVM whose C2 compiler thread takes half a core (pidstat)
 * from the two the server and the database share. 50,000 were too few: methods that run once per
 * batch (the outcome's set update, the journal's insert) had been called
 * a few hundred times, under C2's threshold, so C2 compiled them during the measured drain (2.5 s of
 * compiler CPU in a 7 s drain on PostgreSQL, 1.2 s in 3.5 s on SQLite), and 150,000 still left a
 * method called once per batch some 600 times, at the edge of C2's threshold (-XX:+PrintCompilation:
 * the outcome's write, the journal's insert and the send gate compiled in the measured drain;
 * 1.5-2.3 s of compiler CPU there, 0.47-1.4 s with 250,000). The compiler threads' CPU
 * time during the measured drain is reported ({@code jit_cpu_s_while_measured}) so a run shows
 * whether the JIT was quiet; the first burst's own rate is reported as {@code cold_messages_per_s}.
 * CPU per message, the server's and (PostgreSQL) the database's, is read over the same window
 * ({@link CpuTicks}), as are commits and WAL bytes per message.
 */
final class BurnDown implements Scenario {
  static final int MESSAGES = 200_000;
  static final int WARM_UP = 250_000;
  static final int DUE_AFTER_MS = 55_000;
  /** The warm-up's second burst falls due this long before the measured set (scaled). */
  static final int SECOND_BURST_BEFORE_MS = 12_000;
  private static final String MEASURED_FROM = "send_at >= ";
  /**
   * The server's threads whose CPU per message is reported on its own ({@code cpu_us_<name>}), by
   * the start of their names as {@code /proc} gives them (15 characters at most): the claimer, the
   * outcome writers, the carriers of every virtual thread ({@code senders}: mostly the sends, but
   * HTTP handlers and the simulator's reports run there too) and the simulator's journal threads.
   * What they and the JIT compilers ({@code jit_cpu_s_while_measured}, in seconds) leave of
   * {@code server_cpu_us_per_message} is everything else (GC, checkpointers).
   */
  private static final Map<String, String> THREADS = Map.of("claimer", "herald-claimer", "outcome_writer",
      "herald-outcome", "senders", "ForkJoinPool-", "journal_writer", "herald-journal");

  /**
   * When the warm-up's second burst falls due (epoch ms): {@value #SECOND_BURST_BEFORE_MS} ms
   * (scaled) before the measured set, and never before the first burst (small scales).
   */
  static long secondBurst(BenchSettings s, long firstBurst, long measured) {
    return Math.max(firstBurst + (measured - firstBurst) / 2, measured - s.scaled(SECOND_BURST_BEFORE_MS));
  }

  /** How many of a warm-up of {@code warm} fall due in its first burst: two thirds. */
  static int firstBurst(int warm) {
    return warm * 2 / 3;
  }

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
    int warm = s.scaled(WARM_UP);
    FreshDatabase db = FreshDatabase.create(kind, s.workDir(), "s1");
    Figures f = new Figures(id(), kind.label());
    long due = System.currentTimeMillis() + Math.max(8_000, s.scaled(DUE_AFTER_MS));
    // The warm-up set is scheduled too (due by the time the server starts), so that it takes the
    // same code paths as the measured set: warmed up on queued messages only, the JIT threw away
    // and recompiled the claim and completion code when the first scheduled ones came (JFR).
    Instant warmDue = Instant.now().plusSeconds(1);
    // The warm-up comes in two bursts, the second scheduled and falling due after the server has
    // idled, as the measured set does. With one burst (mostly stored queued, and started before C2
    // had a profile) the measured drain's start hit uncommon traps in branches C2 had compiled as
    // never taken, and C2 recompiled the claim, the send and the outcome's write during it
    // (-Xlog:deoptimization, -XX:+PrintCompilation: 124 C2 compilations and 2-4.5 s of compiler CPU
    // in a 7 s drain on SQLite). Which of the two differences mattered was not separated.
    int warmFirst = firstBurst(warm);
    long secondBurst = secondBurst(s, warmDue.toEpochMilli(), due);
    double preload = Preload.messages(db, 0, warmFirst, warmDue)
        + Preload.messages(db, warmFirst, warm - warmFirst, Instant.ofEpochMilli(secondBurst))
        + Preload.messages(db, warm, n, Instant.ofEpochMilli(due));
    f.put("messages", n).put("warm_up_messages", warm).put("preload_s", preload);
    Map<String, String> env = new HashMap<>(db.serverEnv());
    env.put("HERALD_SIMULATOR_DELIVERY_REPORTS", "false");
    long left;
    long rss;
    long commits0;
    long wal0;
    try (ServerUnderTest server = new ServerUnderTest(s, "s1-" + kind.label(), env);
        QueueProbe probe = new QueueProbe(db)) {
      probe.awaitNoneDue(secondBurst - 1, Duration.ofMinutes(5));
      f.put("warm_up_idle_before_second_burst", System.currentTimeMillis() < secondBurst);
      probe.awaitNoneDue(due - 1, Duration.ofMinutes(5));
      f.put("warm_up_done_before_due", System.currentTimeMillis() < due);
      // Every per-message figure is read from the moment the measured set falls due, so the idle
      // wait before it (the probe's polling, the checkpointer flushing the warm-up's writes) is not
      // counted.
      Pause.millis(Math.max(0, due - System.currentTimeMillis()));
      commits0 = db.committedTransactions();
      wal0 = db.walPosition();
      Map<String, Long> jit0 = server.compilerTicks();
      Map<String, Long> cpu0 = server.cpuTicks();
      Map<String, Map<String, Long>> threads0 = new HashMap<>();
      THREADS.forEach((name, prefix) -> threads0.put(name, server.threadTicks(prefix)));
      Map<String, Long> db0 = kind == DbKind.POSTGRESQL ? CpuTicks.processes("postgres") : Map.of();
      left = probe.awaitQueueEmpty(Duration.ofMinutes(5));
      long drained = Math.max(1, n - left);
      if (!jit0.isEmpty()) { // empty where /proc cannot be read
        f.put("jit_cpu_s_while_measured", CpuTicks.secondsBetween(jit0, server.compilerTicks()));
      }
      if (!cpu0.isEmpty()) {
        f.put("server_cpu_us_per_message", CpuTicks.secondsBetween(cpu0, server.cpuTicks()) * 1e6 / drained);
        new TreeMap<>(THREADS).forEach((name, prefix) -> f.put("cpu_us_" + name,
            CpuTicks.secondsBetween(threads0.get(name), server.threadTicks(prefix)) * 1e6 / drained));
      }
      if (!db0.isEmpty()) { // PostgreSQL on this machine, its processes readable
        f.put("db_cpu_us_per_message", CpuTicks.secondsBetween(db0, CpuTicks.processes("postgres")) * 1e6 / drained);
      }
      server.close();
      rss = server.peakRssKb();
    }
    try (QueueProbe probe = new QueueProbe(db)) {
      String measured = MEASURED_FROM + due;
      long millis = probe.drainMillis("sent", measured);
      long sent = probe.count("status = 'sent' AND " + measured);
      f.put("sent", sent).put("left_in_queue", left).put("seconds", millis / 1000.0)
          .put("messages_per_s", sent * 1000.0 / Math.max(1, millis))
          .put("cold_messages_per_s", warmFirst * 1000.0 / Math.max(1, probe.drainMillis("sent", "send_at < " + secondBurst)));
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
