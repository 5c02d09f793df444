package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.Accepted;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import dev.herald.testkit.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries and dead letters on a settable clock: attempts happen exactly when the backoff says. */
class RetryScheduleTest {
  @TempDir Path dir;
  final SettableClock clock = SettableClock.atEpochOfTests();
  TestServer server;
  ScriptedProvider provider;

  void start(DeliveryOutcome... outcomes) {
    provider = new ScriptedProvider("scripted", outcomes);
    server = new TestServer(dir, Map.of("channels.sms.providers", "scripted", "retry_backoff", "10s,30s,60s",
        "retry_max_attempts", "4"), clock, List.of(provider));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static TransientFailure transientFailure() {
    return new TransientFailure("503", "service unavailable", null, 503);
  }

  String send() {
    return server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"hi\"}").json().get("id").asText();
  }

  void advanceAndWake(Duration d) {
    clock.advance(d);
    server.node.dispatcher().wakeUp();
  }

  void awaitCalls(int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> provider.calls.size() == n);
  }

  void awaitStatus(String id, String status) {
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(id).equals(status));
  }

  /** Lets the dispatcher poll a few times and checks that no attempt was made early. */
  void assertNoCallFor(int expectedCalls) {
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> provider.calls.size() == expectedCalls);
  }

  @Test
  void transientFailuresThenSuccessDeliverOnTheThirdAttemptAtTheBackoffTimes() {
    start(transientFailure(), transientFailure(), Accepted.of("P-3"));
    Instant t0 = clock.instant();
    String id = send();
    awaitCalls(1);
    awaitStatus(id, "queued");
    advanceAndWake(Duration.ofSeconds(9));
    assertNoCallFor(1);
    advanceAndWake(Duration.ofSeconds(1));
    awaitCalls(2);
    awaitStatus(id, "queued");
    advanceAndWake(Duration.ofSeconds(29));
    assertNoCallFor(2);
    advanceAndWake(Duration.ofSeconds(1));
    awaitCalls(3);
    awaitStatus(id, "sent");
    JsonNode m = server.get("/v1/messages/" + id).json();
    List<String> starts = new ArrayList<>();
    m.get("delivery_attempts").forEach(a -> starts.add(a.get("started_at").asText()));
    assertThat(starts).containsExactly(t0.toString(), t0.plusSeconds(10).toString(), t0.plusSeconds(40).toString());
    assertThat(m.get("attempts").asInt()).isEqualTo(3);
    assertThat(m.get("provider_message_id").asText()).isEqualTo("P-3");
  }

  @Test
  void permanentFailureFailsAtOnceWithoutRetry() {
    start(new PermanentFailure("21211", "invalid To", 400));
    String id = send();
    awaitStatus(id, "failed");
    advanceAndWake(Duration.ofMinutes(10));
    assertNoCallFor(1);
    JsonNode m = server.get("/v1/messages/" + id).json();
    assertThat(m.get("error").get("code").asText()).isEqualTo("21211");
  }

  @Test
  void exhaustedRetriesDeadLetterAndAnOperatorRetryDelivers() {
    start(transientFailure(), transientFailure(), transientFailure(), transientFailure(), Accepted.of("P-5"));
    String id = send();
    driveToDeadLetter(id);
    JsonNode dead = server.get("/v1/messages/" + id).json();
    assertThat(dead.get("attempts").asInt()).isEqualTo(4);
    assertThat(dead.get("error").get("reason").asText()).contains("retries exhausted");

    TestServer.Response retried = server.post("/v1/messages/" + id + "/retry", "{\"body\":\"hi again\"}");
    assertThat(retried.status()).isEqualTo(202);
    assertThat(retried.json().get("status").asText()).isEqualTo("queued");
    awaitCalls(5);
    awaitStatus(id, "sent");
    assertThat(provider.calls.get(4).content().text()).isEqualTo("hi again");
    assertThat(server.post("/v1/messages/" + id + "/retry", "").status()).isEqualTo(409);
  }

  /** Lets the first attempt and the three retries of the default backoff (10 s, 30 s, 60 s) fail. */
  private void driveToDeadLetter(String id) {
    awaitCalls(1);
    for (Duration wait : List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60))) {
      awaitStatus(id, "queued");
      int before = provider.calls.size();
      advanceAndWake(wait);
      awaitCalls(before + 1);
    }
    awaitStatus(id, "dead_lettered");
  }

  /**
   * Issue 20, point 7: an operator's retry sends at once and grants the policy's attempts again,
   * counted from the retry: backoff starts over at its first step, the message is dead-lettered
   * again after 4 more attempts (numbered 5 to 8), and {@code max_attempts} stays the policy's 4.
   */
  @Test
  void anOperatorRetryOfADeadLetterSendsAtOnceWithTheBudgetGrantedAgainAndSaysWhoRetried() {
    start(transientFailure());
    String id = send();
    driveToDeadLetter(id);
    advanceAndWake(Duration.ofHours(1));

    Instant retriedAt = clock.instant();
    JsonNode retried = server.post("/v1/messages/" + id + "/retry", "").json();
    assertThat(retried.get("status").asText()).isEqualTo("queued");
    assertThat(retried.get("attempts").asInt()).isEqualTo(4);
    assertThat(retried.get("max_attempts").asInt()).as("the policy's limit, not inflated").isEqualTo(4);
    assertThat(retried.get("attempts_before_retry").asInt()).isEqualTo(4);
    assertThat(retried.get("next_attempt_at").asText()).isEqualTo(retriedAt.toString());
    awaitCalls(5);
    for (Duration wait : List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60))) {
      awaitStatus(id, "queued");
      int before = provider.calls.size();
      advanceAndWake(wait.minusSeconds(1));
      assertNoCallFor(before);
      advanceAndWake(Duration.ofSeconds(1));
      awaitCalls(before + 1);
    }
    awaitStatus(id, "dead_lettered");
    advanceAndWake(Duration.ofHours(1));
    assertNoCallFor(8);

    JsonNode dead = server.get("/v1/messages/" + id).json();
    assertThat(dead.get("attempts").asInt()).isEqualTo(8);
    assertThat(dead.get("max_attempts").asInt()).isEqualTo(4);
    assertThat(dead.get("attempts_before_retry").asInt()).isEqualTo(4);
    assertThat(dead.get("error").get("reason").asText()).contains("retries exhausted after 4 attempts since the retry");
    List<Integer> numbers = new ArrayList<>();
    List<String> starts = new ArrayList<>();
    dead.get("delivery_attempts").forEach(a -> {
      numbers.add(a.get("attempt").asInt());
      starts.add(a.get("started_at").asText());
    });
    assertThat(numbers).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(starts.subList(4, 8)).containsExactly(retriedAt.toString(), retriedAt.plusSeconds(10).toString(),
        retriedAt.plusSeconds(40).toString(), retriedAt.plusSeconds(100).toString());
    List<String> reasons = new ArrayList<>();
    dead.get("timeline").forEach(c -> {
      if (c.get("from").asText().equals("dead_lettered")) {
        reasons.add(c.get("reason").asText());
      }
    });
    assertThat(reasons).containsExactly(
        "retried by operator (API key hk_test…); fresh retry budget: 4 attempts from attempt 5");
  }

  @Test
  void retryAfterLongerThanTheBackoffWins() {
    start(new TransientFailure("429", "slow down", Duration.ofSeconds(45), 429), Accepted.of("P-2"));
    String id = send();
    awaitCalls(1);
    awaitStatus(id, "queued");
    advanceAndWake(Duration.ofSeconds(44));
    assertNoCallFor(1);
    advanceAndWake(Duration.ofSeconds(1));
    awaitCalls(2);
  }

  @Test
  void expiredMessageIsNeverSent() {
    start(transientFailure(), Accepted.of("P-2"));
    String id = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"otp\",\"expires_at\":\""
        + clock.instant().plusSeconds(5) + "\"}").json().get("id").asText();
    awaitCalls(1);
    awaitStatus(id, "queued");
    advanceAndWake(Duration.ofSeconds(10));
    awaitStatus(id, "expired");
    assertThat(provider.calls).hasSize(1);
  }
}
