package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.provider.DeliveryOutcome.Accepted;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A provider that keeps failing has its circuit opened: sends skip it for the fallback. */
class CircuitBreakerTest {
  @TempDir Path dir;

  @Test
  void repeatedTransientFailuresOpenTheCircuitAndSendsGoStraightToTheFallback() {
    ScriptedProvider flaky = new ScriptedProvider("flaky", new TransientFailure("503", "down", null, 503));
    ScriptedProvider backup = new ScriptedProvider("backup", Accepted.of("B-1"));
    try (TestServer server = new TestServer(dir, Map.of("channels.sms.providers", "flaky,backup",
        "circuit_minimum_calls", "4", "circuit_failure_rate", "50", "circuit_open_duration", "10m"),
        Clock.systemUTC(), List.of(flaky, backup))) {
      for (int i = 0; i < 6; i++) {
        String id = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"m" + i + "\"}")
            .json().get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.status(id).equals("sent"));
        if (i == 5) {
          JsonNode log = server.get("/v1/messages/" + id).json().get("delivery_attempts");
          assertThat(log.get(0).get("provider").asText()).isEqualTo("flaky");
          assertThat(log.get(0).get("error_code").asText()).isEqualTo("circuit_open");
          assertThat(log.get(1).get("provider").asText()).isEqualTo("backup");
        }
      }
      assertThat(flaky.calls).hasSize(4);
      assertThat(backup.calls).hasSize(6);
      assertThat(server.getWithoutKey("/health").json().get("providers").get("flaky").get("circuit").asText())
          .isEqualTo("open");
    }
  }
}
