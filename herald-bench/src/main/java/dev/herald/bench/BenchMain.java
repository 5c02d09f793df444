package dev.herald.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/run [S1 S2 S3 S4 S5 flaky peer floor] [--db sqlite|postgresql|both]}: runs the chosen
 * scenarios (all by default) on the chosen databases, prints a table, and writes a JSON result
 * with the machine, versions and settings to {@code bench/results/}.
 *
 * <p>System properties: {@code bench.serverJar} (required), {@code bench.results} (directory),
 * {@code bench.heap} (server -Xmx, default 256m), {@code bench.scale} (1.0 = the sizes).
 */
public final class BenchMain {
  static final List<Scenario> ALL = List.of(new BurnDown(), new AcceptLoad(), new AcceptLatency(),
      new Realistic(false), new Realistic(true), new FlakyProvider(), new DbSchedulerPeer(), new Floor());

  private BenchMain() {}

  /**
   * S1, the peer and the floor first, one database after the other, so that the two sides of each
   * ratio run minutes apart at most: this machine's speed drifts within a run (the floor on
   * PostgreSQL gave 67,482 and 82,576 messages/s at the end of two full runs of the same code), and
   * with S1 first and the floor last the drift fell between them. Then the other scenarios, each on
   * every database.
   */
  private static List<Map.Entry<Scenario, DbKind>> runOrder(List<Scenario> scenarios, List<DbKind> dbs) {
    List<Map.Entry<Scenario, DbKind>> order = new ArrayList<>();
    for (DbKind db : dbs) {
      scenarios.stream().filter(s -> Ratios.PARTS.contains(s.id()) && s.supports(db)).forEach(s -> order.add(Map.entry(s, db)));
    }
    for (Scenario s : scenarios) {
      dbs.stream().filter(db -> !Ratios.PARTS.contains(s.id()) && s.supports(db)).forEach(db -> order.add(Map.entry(s, db)));
    }
    return order;
  }

  public static void main(String[] args) throws Exception {
    List<String> wanted = new ArrayList<>();
    List<DbKind> dbs = List.of(DbKind.SQLITE, DbKind.POSTGRESQL);
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--db")) {
        String v = args[++i];
        dbs = v.equals("both") ? List.of(DbKind.SQLITE, DbKind.POSTGRESQL) : List.of(DbKind.parse(v));
      } else {
        wanted.add(args[i]);
      }
    }
    List<Scenario> scenarios = ALL.stream().filter(s -> wanted.isEmpty() || wanted.stream().anyMatch(w -> w.equalsIgnoreCase(s.id()))).toList();
    if (scenarios.isEmpty()) {
      System.err.println("bench: no scenario matches " + wanted + "; known: " + ALL.stream().map(Scenario::id).toList());
      System.exit(2);
    }
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    Path results = Path.of(System.getProperty("bench.results", "bench/results")).toAbsolutePath();
    Path work = results.resolve("work-" + stamp);
    Files.createDirectories(work);
    BenchSettings settings = new BenchSettings(ProcessHandle.current().info().command().orElse("java"),
        Path.of(System.getProperty("bench.serverJar")), work, System.getProperty("bench.heap", "256m"),
        Double.parseDouble(System.getProperty("bench.scale", "1.0")));
    Map<String, Object> machine = Machine.describe(dbs);
    System.out.println("bench: " + machine);
    List<Figures> done = new ArrayList<>();
    for (Map.Entry<Scenario, DbKind> run : runOrder(scenarios, dbs)) {
      Scenario s = run.getKey();
      DbKind db = run.getValue();
      System.out.printf("bench: %s on %s — %s (load %s)%n", s.id(), db.label(), s.title(), Machine.loadAverage());
      long t0 = System.nanoTime();
      Figures f;
      try (Machine.StealWatch steal = new Machine.StealWatch()) {
        f = runOne(s, settings, db);
        steal.report(f);
      }
      f.put("scenario_s", (System.nanoTime() - t0) / 1e9).put("load_after", Machine.loadAverage());
      System.out.println("bench:   " + f.values + (f.checks.isEmpty() ? "" : " " + f.checks));
      done.add(f);
    }
    Ratios.add(done);
    System.out.println();
    System.out.print(Table.render(done));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("started_at", stamp);
    json.put("machine", machine);
    json.put("settings", Map.of("server_heap", settings.serverHeap(), "scale", settings.scale(), "server_jar",
        settings.serverJar().getFileName().toString()));
    json.put("load_average_end", Machine.loadAverage());
    json.put("results", done.stream().map(Table::asJson).toList());
    Path out = results.resolve("bench-" + stamp + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
    System.out.println("bench: results in " + out + "; server logs in " + work);
  }

  private static Figures runOne(Scenario s, BenchSettings settings, DbKind db) {
    try {
      return s.run(settings, db);
    } catch (Exception | AssertionError e) {
      e.printStackTrace();
      return new Figures(s.id(), db.label()).note("failed: " + e);
    }
  }
}
