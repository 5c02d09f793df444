package dev.herald.bench;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Herald S1 beside the peer and the floor measured in the same run on the same database. */
final class Ratios {
  /** The scenarios whose figures make the ratios: S1 beside the peer and the floor. */
  static final Set<String> PARTS = Set.of("S1", "peer", "floor");

  private Ratios() {}

  static void add(List<Figures> all) {
    for (Figures s1 : all.stream().filter(f -> f.scenario.equals("S1")).toList()) {
      double herald = s1.number("messages_per_s");
      find(all, "peer", s1.db).ifPresent(p -> {
        s1.put("x_db_scheduler", herald / p.number("tasks_per_s"));
        s1.atLeast("x_db_scheduler", 2);
      });
      find(all, "floor", s1.db).ifPresent(p -> {
        s1.put("share_of_floor", herald / p.number("messages_per_s"));
        s1.atLeast("share_of_floor", 0.4);
      });
    }
  }

  private static Optional<Figures> find(List<Figures> all, String scenario, String db) {
    return all.stream().filter(f -> f.scenario.equals(scenario) && f.db.equals(db) && !f.values.isEmpty()).findFirst();
  }
}
