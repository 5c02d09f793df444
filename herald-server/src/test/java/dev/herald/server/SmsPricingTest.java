package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every SMS shows its encoding and segments; a configured per-segment price becomes its cost. */
class SmsPricingTest {
  @TempDir Path dir;

  @Test
  void smsShowsEncodingAndSegmentsAndCostsItsSegmentsTimesTheConfiguredPrice() {
    try (TestServer server = new TestServer(dir, Map.of("simulator.price_per_segment", "0.0079",
        "simulator.price_currency", "USD"), Clock.systemUTC(), List.of())) {
      String body = "Grüße aus Köln 😀 ".repeat(5);
      JsonNode accepted = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"" + body + "\"}").json();
      assertThat(accepted.get("encoding").asText()).isEqualTo("UCS-2");
      assertThat(accepted.get("segments").asInt()).isEqualTo(2);
      String id = accepted.get("id").asText();
      await().atMost(Duration.ofSeconds(10)).until(() -> server.status(id).equals("delivered"));
      JsonNode cost = server.get("/v1/messages/" + id).json().get("cost");
      assertThat(cost.get("amount").asText()).isEqualTo("0.0158");
      assertThat(cost.get("currency").asText()).isEqualTo("USD");

      JsonNode gsm = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"" + "a".repeat(161) + "\"}").json();
      assertThat(gsm.get("encoding").asText()).isEqualTo("GSM-7");
      assertThat(gsm.get("segments").asInt()).isEqualTo(2);
    }
  }
}
