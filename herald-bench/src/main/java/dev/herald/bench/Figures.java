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
  /** The figures as reported: a number under 10 rounded to 3 decimals, any other to 2. */
  final Map<String, Object> values = new LinkedHashMap<>();
  /** The same figures unrounded: targets are checked against these. */
  private final Map<String, Object> exact = new LinkedHashMap<>();
  final List<Check> checks = new ArrayList<>();
  final List<String> notes = new ArrayList<>();

  Figures(String scenario, String db) {
    this.scenario = scenario;
    this.db = db;
  }

  Figures put(String name, Object value) {
    exact.put(name, value);
    double scale = value instanceof Double d && Math.abs(d) < 10 ? 1_000 : 100;
    values.put(name, value instanceof Double d ? Math.round(d * scale) / scale : value);
    return this;
  }

  /** A figure's unrounded value, or NaN if it is missing or not a number. */
  double number(String name) {
    return exact.get(name) instanceof Number n ? n.doubleValue() : Double.NaN;
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
