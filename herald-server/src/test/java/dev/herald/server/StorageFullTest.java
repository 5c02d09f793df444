package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.store.jdbc.SqliteFaults;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database runs out of space while messages are being sent (SQLite's {@code
 * max_page_count} reached: {@code SQLITE_FULL}, the error a full disk gives): accepting is
 * answered 503 naming the cause, {@code /health} says degraded, and once space frees every message
 * accepted is delivered, by the same process, none lost and none sent twice.
 */
class StorageFullTest {
  static final int BEFORE = 200;
  @TempDir Path dir;

  @Test
  void fullSqliteDatabaseAnswers503NamingTheCauseDegradesHealthAndLosesNothingOnceSpaceFrees() {
    try (TestServer server = new TestServer(dir, Map.of("simulator.latency", "50ms", "dispatcher_concurrency", "4",
        "simulator.callback_delay", "200ms", "retry_backoff", "1s"), Clock.systemUTC(), List.of())) {
      List<String> accepted = new ArrayList<>(Faults.acceptSms(server, BEFORE));
      await().atMost(Duration.ofSeconds(30)).until(() -> Faults.sends(server) >= 20);

      SqliteFaults.fill(server.node.store());
      TestServer.Response refused = null;
      for (int i = 0; i < 5_000 && refused == null; i++) {
        TestServer.Response r = server.post("/v1/messages", Faults.sms("+14155551" + String.format("%03d", i % 1000)));
        if (r.status() == 202) {
          accepted.add(r.json().get("id").asText());
        } else {
          refused = r;
        }
      }
      assertThat(refused).as("accepting fails once the database is full").isNotNull();
      Faults.assertUnavailable(refused, "storage_full");
      assertThat(refused.json().get("detail").asText()).contains("full");
      TestServer.Response health = server.get("/health");
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.json().get("status").asText()).isEqualTo("degraded");
      assertThat(health.json().get("database").asText()).isEqualTo("full");

      SqliteFaults.free(server.node.store());
      long freed = System.nanoTime();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> server.get("/health").status() == 200);
      long healthUpAfter = Faults.millisSince(freed);
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
          .until(() -> Faults.delivered(server, accepted) == accepted.size());
      JsonNode summary = server.get("/v1/simulator/sends?limit=1").json().get("summary");
      System.out.printf("[sqlite full] %d accepted (%d while filling); /health up %d ms and all delivered %d ms after"
          + " space freed; sends=%d distinct=%d twice=%d%n", accepted.size(), accepted.size() - BEFORE, healthUpAfter,
          Faults.millisSince(freed), summary.get("sends").asLong(), summary.get("distinct_messages").asLong(),
          summary.get("messages_sent_more_than_once").asLong());
      assertThat(summary.get("distinct_messages").asLong()).as("every accepted message sent").isEqualTo(accepted.size());
      assertThat(summary.get("messages_sent_more_than_once").asLong()).as("none sent twice").isZero();
    }
  }
}
