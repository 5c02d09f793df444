package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.dispatch.ProviderRoutes;
import dev.herald.core.provider.DeliveryOutcome.Accepted;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
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
      assertThat(server.get("/health").json().get("providers").get("flaky").get("circuit").asText())
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
    try (ProviderRoutes routes = defaultRoutes()) {
      CircuitBreaker breaker = routes.breaker("p");
      // A fresh node with 512 sends out at 1% failures: the 5 failures come back before the
      // successes, which still wait on a cold database; then the successes arrive.
      record(breaker, 5, false, 50);
      for (int i = 0; i < 507; i++) {
        record(breaker, 1, true, 400);
        assertThat(breaker.getState()).as("after %d successes", i + 1).isEqualTo(CircuitBreaker.State.CLOSED);
      }
    }
  }

  @Test
  void anOutageOpensTheDefaultCircuitOnceTheWindowHoldsAHundredCalls() {
    try (ProviderRoutes routes = defaultRoutes()) {
      CircuitBreaker breaker = routes.breaker("p");
      record(breaker, 99, false, 20);
      assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
      record(breaker, 1, false, 20);
      assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }
  }

  @Test
  void aBurstOfFailuresAmongManySuccessesInTheWindowLeavesTheCircuitClosed() {
    try (ProviderRoutes routes = defaultRoutes()) {
      CircuitBreaker breaker = routes.breaker("p");
      record(breaker, 2_000, true, 50);
      // Fast failures overtaking slow successes: 15 in a row (a window of the last 20 calls would open).
      record(breaker, 15, false, 5);
      assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
  }

  /** Routes for one SMS provider {@code p} with the default breaker settings. */
  private static ProviderRoutes defaultRoutes() {
    return new ProviderRoutes(Map.of(dev.herald.core.message.Channel.SMS, List.of(new ScriptedProvider("p", Accepted.of("P-1")))),
        ProviderRoutes.BreakerSettings.DEFAULT);
  }

  /** Records {@code calls} outcomes of {@code millis} each: successes, or 503-like failures. */
  private static void record(CircuitBreaker breaker, int calls, boolean success, long millis) {
    for (int i = 0; i < calls; i++) {
      breaker.acquirePermission();
      if (success) {
        breaker.onSuccess(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
      } else {
        breaker.onError(millis, java.util.concurrent.TimeUnit.MILLISECONDS, new RuntimeException("503"));
      }
    }
  }
}
