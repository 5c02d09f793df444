package dev.herald.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The run's results as a Markdown table (printed, and pasted into BENCHMARKS.md) and as JSON. */
final class Table {
  private Table() {}

  static String render(List<Figures> all) {
    StringBuilder b = new StringBuilder("| scenario | db | figures | targets |\n|---|---|---|---|\n");
    for (Figures f : all) {
      String figures = f.values.entrySet().stream().map(e -> e.getKey() + " " + format(e.getValue()))
          .collect(Collectors.joining(", "));
      String targets = f.checks.stream().map(c -> c.figure() + " " + c.bound() + (c.met() ? " ✅" : " ❌"))
          .collect(Collectors.joining(", "));
      if (!f.notes.isEmpty()) {
        figures += (figures.isEmpty() ? "" : "; ") + String.join("; ", f.notes);
      }
      b.append("| ").append(f.scenario).append(" | ").append(f.db).append(" | ").append(figures).append(" | ")
          .append(targets).append(" |\n");
    }
    return b.toString();
  }

  static Map<String, Object> asJson(Figures f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scenario", f.scenario);
    m.put("db", f.db);
    m.put("figures", f.values);
    m.put("targets", f.checks);
    m.put("notes", f.notes);
    return m;
  }

  private static String format(Object v) {
    if (v instanceof Double d) {
      return Math.abs(d) >= 100 ? String.format("%,.0f", d) : String.format(Math.abs(d) < 10 ? "%.3f" : "%.2f", d);
    }
    if (v instanceof Long || v instanceof Integer) {
      return String.format("%,d", ((Number) v).longValue());
    }
    return String.valueOf(v);
  }
}
