package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testkit.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two server processes on one PostgreSQL share the work, and no message is sent twice. */
class TwoNodesTest {
  @TempDir Path dir;

  @Test
  void twoNodesShareTheWorkWithoutSendingAnyMessageTwice() throws Exception {
    Map<String, String> env = Map.of("HERALD_DATABASE_URL", TestDatabases.freshPostgresSchemaUrl(),
        "HERALD_SIMULATOR_LATENCY", "5ms", "HERALD_DISPATCHER_CONCURRENCY", "32", "HERALD_CLAIM_BATCH", "16");
    try (ServerProcess a = new ServerProcess(dir, "node-a", env); ServerProcess b = new ServerProcess(dir, "node-b", env)) {
      int total = 4_000;
      a.sendBatches(total / 2, 500);
      b.sendBatches(total / 2, 500);
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      Map<String, Integer> counts = Map.of();
      while (System.nanoTime() < deadline) {
        counts = a.statusCounts();
        if (counts.getOrDefault("delivered", 0) == total) {
          break;
        }
        ServerProcess.sleep(200);
      }
      assertThat(counts).containsExactly(Map.entry("delivered", total));
      JsonNode summary = a.simulatorSummary();
      assertThat(summary.get("sends").asLong()).isEqualTo(total);
      assertThat(summary.get("messages_sent_more_than_once").asLong()).isZero();
      Set<String> nodes = new HashSet<>();
      String cursor = null;
      do {
        JsonNode page = a.json("GET", "/v1/simulator/sends?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor), null);
        page.get("data").forEach(s -> nodes.add(s.get("node").asText()));
        cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
      } while (cursor != null);
      System.out.println("[two nodes] sends by node ids " + nodes);
      assertThat(nodes).as("both nodes dispatched").hasSize(2);
    }
  }
}
