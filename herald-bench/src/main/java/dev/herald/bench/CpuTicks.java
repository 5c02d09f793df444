package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time read from Linux's {@code /proc}, in clock ticks (1/100 s): fields utime + stime of a
 * {@code stat} file. A machine shared with other tenants runs faster and slower by the minute
 * (S1 on PostgreSQL gave 19,220 and 26,663 messages/s within an hour, same code), and a rate
 * measured on it moves with it; the CPU time a process spends per message moves much less, so the
 * harness reports both. Readings are maps by process or thread id, so that one that started between
 * two readings counts from zero; the time of one that ended between them is lost.
 */
final class CpuTicks {
  /** Clock ticks per second ({@code getconf CLK_TCK}, 100 on every Linux this harness targets). */
  static final double PER_SECOND = 100.0;

  private CpuTicks() {}

  /** utime + stime of every thread of process {@code pid} whose name matches, by thread id. */
  static Map<String, Long> threads(long pid, Predicate<String> name) {
    return read(Path.of("/proc/" + pid + "/task"), name);
  }

  /**
   * utime + stime of every process named {@code name} ({@code /proc/<pid>/comm}, e.g.
   * {@code postgres}: the server and all its backends), by process id. A PostgreSQL backend
   * counts only while its connection is open: read the second time before closing the connections
   * being measured.
   */
  static Map<String, Long> processes(String name) {
    return read(Path.of("/proc"), n -> n.equals(name));
  }

  /** utime + stime of process {@code pid}, all its threads, by its id; empty if not readable. */
  static Map<String, Long> process(long pid) {
    Map<String, Long> out = new HashMap<>();
    Long t = ticks(Path.of("/proc/" + pid));
    if (t != null) {
      out.put(String.valueOf(pid), t);
    }
    return out;
  }

  /** Seconds of CPU used since {@code before}, given {@code now}, both readings of one kind. */
  static double secondsBetween(Map<String, Long> before, Map<String, Long> now) {
    return now.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum() / PER_SECOND;
  }

  private static Map<String, Long> read(Path dir, Predicate<String> name) {
    Map<String, Long> out = new HashMap<>();
    try (var entries = Files.list(dir)) {
      for (Path p : entries.toList()) {
        String id = p.getFileName().toString();
        if (!id.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          if (name.test(Files.readString(p.resolve("comm")).strip())) {
            Long t = ticks(p);
            if (t != null) {
              out.put(id, t);
            }
          }
        } catch (IOException e) {
          // ended meanwhile
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return out;
  }

  private static Long ticks(Path dir) {
    try {
      String stat = Files.readString(dir.resolve("stat"));
      // Fields after the command name (which ends with ')'): state is the 3rd field, utime the 14th, stime the 15th.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return null; // ended meanwhile, or not Linux
    }
  }
}
