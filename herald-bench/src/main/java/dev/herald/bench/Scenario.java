package dev.herald.bench;

/** One benchmark scenario, run once per database. */
interface Scenario {
  /** The short name used on the command line and in results ({@code S1}, {@code peer}). */
  String id();

  /** One line saying what is measured. */
  String title();

  /** Whether the scenario has a meaning on {@code db} (db-scheduler has no SQLite dialect). */
  default boolean supports(DbKind db) {
    return true;
  }

  Figures run(BenchSettings settings, DbKind db) throws Exception;
}
