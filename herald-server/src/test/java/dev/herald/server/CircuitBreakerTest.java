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

  @Test
  void whenEveryCircuitIsOpenMessagesWaitForTheTrialCallWithoutAttemptRecords() {
    ScriptedProvider flaky = new ScriptedProvider("flaky", new TransientFailure("503", "down", null, 503));
    try (TestServer server = new TestServer(dir, Map.of("channels.sms.providers", "flaky",
        "circuit_minimum_calls", "4", "circuit_failure_rate", "50", "circuit_open_duration", "10m"),
        Clock.systemUTC(), List.of(flaky))) {
      for (int i = 0; i < 4; i++) {
        server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"m" + i + "\"}");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> flaky.calls.size() == 4);
      java.time.Instant before = java.time.Instant.now();
      String id = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"late\"}")
          .json().get("id").asText();
      await().atMost(Duration.ofSeconds(10)).until(() -> server.get("/v1/messages/" + id).json().get("timeline").size() == 3);
      JsonNode m = server.get("/v1/messages/" + id).json();
      assertThat(m.get("status").asText()).isEqualTo("queued");
      assertThat(m.get("delivery_attempts")).isEmpty();
      assertThat(m.get("attempts").asInt()).isZero();
      String reason = m.get("timeline").get(2).get("reason").asText();
      assertThat(reason).startsWith("every provider's circuit is open; waiting until ");
      java.time.Instant due = java.time.Instant.parse(reason.substring(reason.indexOf("until ") + 6, reason.indexOf(" (")));
      // Not claimed again every few seconds: it waits for the circuit's trial call, ten minutes on.
      assertThat(due).isAfter(before.plus(Duration.ofMinutes(9)));
      assertThat(flaky.calls).hasSize(4);
    }
  }

  @Test
  void fastFailuresAheadOfTheFirstSlowSuccessesAtStartLeaveTheCircuitClosed() {
    ScriptedProvider steady = new ScriptedProvider("steady", Accepted.of("S-1"));
    try (dev.herald.core.dispatch.ProviderRoutes routes = new dev.herald.core.dispatch.ProviderRoutes(
        Map.of(dev.herald.core.message.Channel.SMS, List.of(steady)),
        dev.herald.core.dispatch.ProviderRoutes.BreakerSettings.DEFAULT)) {
      io.github.resilience4j.circuitbreaker.CircuitBreaker breaker = routes.breaker("steady");
      // A fresh node with 512 sends out at 1% failures: the 5 failures come back before the
      // successes, which still wait on a cold database; then the successes arrive.
      for (int i = 0; i < 5; i++) {
        breaker.acquirePermission();
        breaker.onError(50, java.util.concurrent.TimeUnit.MILLISECONDS, new RuntimeException("503"));
      }
      for (int i = 0; i < 507; i++) {
        breaker.acquirePermission();
        breaker.onSuccess(400, java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(breaker.getState()).as("after %d successes", i + 1)
            .isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
      }
    }
  }

  @Test
  void aBurstOfFailuresAmongManySuccessesInTheWindowLeavesTheCircuitClosed() {
    ScriptedProvider steady = new ScriptedProvider("steady", Accepted.of("S-1"));
    try (dev.herald.core.dispatch.ProviderRoutes routes = new dev.herald.core.dispatch.ProviderRoutes(
        Map.of(dev.herald.core.message.Channel.SMS, List.of(steady)),
        dev.herald.core.dispatch.ProviderRoutes.BreakerSettings.DEFAULT)) {
      io.github.resilience4j.circuitbreaker.CircuitBreaker breaker = routes.breaker("steady");
      for (int i = 0; i < 2_000; i++) {
        breaker.acquirePermission();
        breaker.onSuccess(50, java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      // Fast failures overtaking slow successes: 15 in a row (a window of the last 20 calls would open).
      for (int i = 0; i < 15; i++) {
        breaker.acquirePermission();
        breaker.onError(5, java.util.concurrent.TimeUnit.MILLISECONDS, new RuntimeException("503"));
      }
      assertThat(breaker.getState()).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
    }
  }
}
