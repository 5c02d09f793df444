package dev.herald.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * The peer: db-scheduler (Maven Central) draining 200,000 due one-time no-op tasks on the same
 * PostgreSQL server, with its lock-and-fetch polling ({@code SELECT … FOR UPDATE SKIP LOCKED}
 * that marks rows picked in the same statement), 16 worker threads, a 20-connection pool. Tasks
 * are inserted straight into its documented {@code scheduled_tasks} table; a one-time task's row
 * is deleted when it completes, so the run ends when the table is empty. db-scheduler has no
 * SQLite dialect, so the peer runs on PostgreSQL only.
 *
 * <p>Warmed up like S1 (in the harness's JVM, which runs it): 250,000 tasks drained first in two
 * bursts, two thirds due at once and the rest after an idle spell, 12 s before the measured 200,000,
 * which fall due 55 s after inserting began, and the rate runs from then to
 * the empty table.
 */
final class DbSchedulerPeer implements Scenario {
  static final int THREADS = 16;
  private static final String DDL = """
      CREATE TABLE scheduled_tasks (
        task_name TEXT NOT NULL, task_instance TEXT NOT NULL, task_data BYTEA,
        execution_time TIMESTAMP WITH TIME ZONE NOT NULL, picked BOOLEAN NOT NULL, picked_by TEXT,
        last_success TIMESTAMP WITH TIME ZONE, last_failure TIMESTAMP WITH TIME ZONE, consecutive_failures INT,
        last_heartbeat TIMESTAMP WITH TIME ZONE, version BIGINT NOT NULL, priority SMALLINT,
        PRIMARY KEY (task_name, task_instance));
      CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
      CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
      CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
      """;

  @Override
  public String id() {
    return "peer";
  }

  @Override
  public String title() {
    return "peer: db-scheduler draining 200,000 one-time no-op tasks (lock-and-fetch)";
  }

  @Override
  public boolean supports(DbKind db) {
    return db == DbKind.POSTGRESQL;
  }

  @Override
  public Figures run(BenchSettings s, DbKind kind) throws Exception {
    int n = s.scaled(BurnDown.MESSAGES);
    int warm = s.scaled(BurnDown.WARM_UP);
    FreshDatabase db = FreshDatabase.create(kind, s.workDir(), "peer");
    Figures f = new Figures(id(), kind.label());
    f.put("tasks", n).put("warm_up_tasks", warm);
    Instant due = Instant.now().plusMillis(Math.max(8_000, s.scaled(BurnDown.DUE_AFTER_MS)));
    Instant second = Instant.ofEpochMilli(BurnDown.secondBurst(s, System.currentTimeMillis(), due.toEpochMilli()));
    insertTasks(db, warm, n, second, due);
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(db.url());
    hc.setMaximumPoolSize(THREADS + 4);
    OneTimeTask<Void> noop = Tasks.oneTime("noop").execute((instance, context) -> { });
    try (HikariDataSource ds = new HikariDataSource(hc); QueueProbe probe = new QueueProbe(db)) {
      Scheduler scheduler = Scheduler.create(ds, noop).threads(THREADS).pollUsingLockAndFetch(0.5, 3.0)
          .pollingInterval(Duration.ofMillis(100)).build();
      scheduler.start();
      String dueBefore = "SELECT CASE WHEN EXISTS (SELECT 1 FROM scheduled_tasks WHERE execution_time < ?) THEN 1 ELSE 0 END";
      probe.awaitNone(dueBefore, Duration.ofMinutes(5), Timestamp.from(second));
      f.put("warm_up_idle_before_second_burst", Instant.now().isBefore(second));
      probe.awaitNone(dueBefore, Duration.ofMinutes(5), Timestamp.from(due));
      f.put("warm_up_done_before_due", Instant.now().isBefore(due));
      long commits0 = db.committedTransactions();
      Pause.millis(Math.max(0, due.toEpochMilli() - System.currentTimeMillis()));
      long t0 = System.nanoTime();
      probe.awaitNone("SELECT CASE WHEN EXISTS (SELECT 1 FROM scheduled_tasks ORDER BY execution_time LIMIT 1) THEN 1 ELSE 0 END",
          Duration.ofMinutes(5));
      double seconds = (System.nanoTime() - t0) / 1e9;
      scheduler.stop();
      long left = probe.count("scheduled_tasks", "1=1");
      f.put("left", left).put("seconds", seconds).put("tasks_per_s", (n - left) / seconds)
          .put("threads", THREADS);
      Pause.millis(500);
      f.put("commits_per_task", (double) (db.committedTransactions() - commits0) / n);
    }
    return f;
  }

  private static void insertTasks(FreshDatabase db, int warm, int n, Instant second, Instant due) throws Exception {
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute(DDL);
      c.setAutoCommit(false);
      Timestamp now = Timestamp.from(Instant.now().minusSeconds(1));
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, "
          + "picked, version, priority) VALUES ('noop', ?, ?, false, 1, 0)")) {
        for (int i = 0; i < warm + n; i++) {
          ps.setString(1, "t" + i);
          ps.setTimestamp(2, i < BurnDown.firstBurst(warm) ? now : Timestamp.from(i < warm ? second : due));
          ps.addBatch();
          if (i % 5_000 == 4_999) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      c.commit();
    }
  }
}
