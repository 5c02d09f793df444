package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The machine, versions and load a run happened on, for the result file. */
final class Machine {
  private Machine() {}

  static Map<String, Object> describe(List<DbKind> dbs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    m.put("cpu_model", firstLine(Path.of("/proc/cpuinfo"), "model name"));
    m.put("memory", firstLine(Path.of("/proc/meminfo"), "MemTotal"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("sqlite_jdbc", org.sqlite.SQLiteJDBCLoader.getVersion());
    if (dbs.contains(DbKind.POSTGRESQL)) {
      m.put("postgresql", pgSetting("SELECT version()"));
      m.put("postgresql_settings", "synchronous_commit=" + pgSetting("SHOW synchronous_commit") + " shared_buffers="
          + pgSetting("SHOW shared_buffers") + " fsync=" + pgSetting("SHOW fsync"));
    }
    m.put("load_average_start", loadAverage());
    return m;
  }

  /**
   * Watches the CPU time the hypervisor gave other guests while this machine's vCPUs wanted to run
   * ({@code steal}, the eighth figure of {@code /proc/stat}'s {@code cpu} line), once a second,
   * from a daemon thread. A virtual machine whose host is busy runs slower in bursts: the figures
   * of a scenario with much stolen time, or a second of it, are the host's as much as Herald's.
   */
  static final class StealWatch implements AutoCloseable {
    private final Thread thread;
    private final long[] first = cpuLine();
    private volatile double maxSecondPct;
    private volatile boolean stop;

    StealWatch() {
      thread = Thread.ofPlatform().daemon().name("bench-steal-watch").start(() -> {
        long[] last = first;
        while (!stop) {
          try {
            Thread.sleep(1_000);
          } catch (InterruptedException e) {
            return;
          }
          long[] now = cpuLine();
          maxSecondPct = Math.max(maxSecondPct, stealPct(last, now));
          last = now;
        }
      });
    }

    /** Puts {@code steal_pct} (over the whole watch) and {@code steal_max_1s_pct} into {@code f}. */
    void report(Figures f) {
      if (first.length == 8) {
        f.put("steal_pct", stealPct(first, cpuLine())).put("steal_max_1s_pct", maxSecondPct);
      }
    }

    @Override
    public void close() {
      stop = true;
      thread.interrupt();
    }

    /** Stolen share of all CPU time between two readings, in percent; 0 when unreadable. */
    private static double stealPct(long[] a, long[] b) {
      if (a.length < 8 || b.length < 8) {
        return 0;
      }
      long total = 0;
      for (int i = 0; i < 8; i++) {
        total += b[i] - a[i];
      }
      // Some hypervisors' steal counters step backwards: read that as none stolen.
      return total <= 0 ? 0 : 100.0 * Math.max(0, b[7] - a[7]) / total;
    }

    /** user, nice, system, idle, iowait, irq, softirq, steal, in ticks; empty if unreadable. */
    private static long[] cpuLine() {
      try {
        String[] p = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long[] v = new long[Math.min(8, p.length - 1)];
        for (int i = 0; i < v.length; i++) {
          v[i] = Long.parseLong(p[i + 1]);
        }
        return v;
      } catch (IOException | RuntimeException e) {
        return new long[0];
      }
    }
  }

  /** The 1, 5 and 15 minute load averages. */
  static String loadAverage() {
    try {
      String[] p = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return p[0] + " " + p[1] + " " + p[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String firstLine(Path file, String prefix) {
    try {
      return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String pgSetting(String sql) {
    try (Connection c = DriverManager.getConnection(FreshDatabase.PG_SERVER + "postgres?user=" + FreshDatabase.PG_USER);
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      return "unavailable: " + e.getMessage();
    }
  }
}
