package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testkit.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 messages accepted, the server killed with SIGKILL mid-dispatch and restarted on the same
 * database: every message ends delivered, none is lost, and the number sent twice is reported.
 */
class CrashRecoveryTest {
  static final int MESSAGES = 10_000;
  @TempDir Path dir;

  @Test
  void killedSqliteServerLosesNothingAfterRestart() throws Exception {
    // The sends in flight at the kill are held until their lease ends (plus 5 s), as on PostgreSQL.
    crashAndRecover("sqlite", Map.of("HERALD_LEASE_DURATION", "3s"));
  }

  @Test
  void killedPostgresServerLosesNothingAfterRestart() throws Exception {
    crashAndRecover("postgresql", Map.of("HERALD_DATABASE_URL", TestDatabases.freshPostgresSchemaUrl(),
        "HERALD_LEASE_DURATION", "3s"));
  }

  private void crashAndRecover(String store, Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>(extra);
    env.put("HERALD_SIMULATOR_LATENCY", "50ms"); // slow enough that 10,000 sends outlast accepting them
    env.put("HERALD_DISPATCHER_CONCURRENCY", "24"); // at most ~480 sends/s: the kill lands mid-run however fast accepting is
    env.put("HERALD_SIMULATOR_CALLBACK_DELAY", "10ms");
    List<String> ids;
    long sentBeforeKill;
    try (ServerProcess first = new ServerProcess(dir, store + "-first", env)) {
      ids = first.sendBatches(MESSAGES, 1_000);
      assertThat(ids).hasSize(MESSAGES).doesNotHaveDuplicates();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      do {
        ServerProcess.sleep(50);
        sentBeforeKill = first.simulatorSummary().get("sends").asLong();
      } while (sentBeforeKill < MESSAGES / 5 && System.nanoTime() < deadline);
      assertThat(sentBeforeKill).as("dispatch was under way before the kill").isBetween(1L, (long) MESSAGES - 1);
      first.kill();
    }
    long restartedAt = System.nanoTime();
    try (ServerProcess second = new ServerProcess(dir, store + "-second", env)) {
      Map<String, Integer> counts = Map.of();
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < deadline) {
        counts = second.statusCounts();
        if (counts.getOrDefault("delivered", 0) == MESSAGES) {
          break;
        }
        ServerProcess.sleep(250);
      }
      double recoverySeconds = (System.nanoTime() - restartedAt) / 1e9;
      JsonNode summary = second.simulatorSummary();
      System.out.printf("[%s crash] sent before kill=%d, after restart all %d delivered in %.1f s; provider sends=%d,"
          + " distinct messages=%d, sent more than once=%d%n", store, sentBeforeKill, MESSAGES, recoverySeconds,
          summary.get("sends").asLong(), summary.get("distinct_messages").asLong(),
          summary.get("messages_sent_more_than_once").asLong());
      assertThat(counts).as("every message ends delivered").containsExactly(Map.entry("delivered", MESSAGES));
      assertThat(summary.get("distinct_messages").asLong()).as("no message lost").isEqualTo(MESSAGES);
      assertThat(summary.get("messages_sent_more_than_once").asLong()).as("duplicates are bounded by the 24 sends in flight")
          .isLessThanOrEqualTo(24);
    }
  }
}
