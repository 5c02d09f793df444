package dev.herald.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario measured on one database: named figures in the order they were added, and
 * the targets checked against them.
 */
final class Figures {
  /** One target: a figure, the bound it must meet, and whether it did. */
  record Check(String figure, String bound, boolean met) {}

  final String scenario;
  final String db;
  final Map<String, Object> values = new LinkedHashMap<>();
  final List<Check> checks = new ArrayList<>();
  final List<String> notes = new ArrayList<>();

  Figures(String scenario, String db) {
    this.scenario = scenario;
    this.db = db;
  }

  Figures put(String name, Object value) {
    values.put(name, value instanceof Double d ? Math.round(d * 100) / 100.0 : value);
    return this;
  }

  double number(String name) {
    return values.get(name) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  Figures atLeast(String name, double bound) {
    checks.add(new Check(name, "≥ " + plain(bound), number(name) >= bound));
    return this;
  }

  Figures below(String name, double bound) {
    checks.add(new Check(name, "< " + plain(bound), number(name) < bound));
    return this;
  }

  Figures note(String text) {
    notes.add(text);
    return this;
  }

  private static String plain(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
