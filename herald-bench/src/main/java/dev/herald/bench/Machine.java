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
