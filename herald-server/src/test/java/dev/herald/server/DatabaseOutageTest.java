package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL goes away for about 10 s while messages are being sent (the test database's
 * connections terminated, new ones refused): requests are answered 503 with {@code Retry-After}
 * within the configured {@code database_timeout}, {@code /health} says the database is down and
 * then up again, and every message accepted before the outage is delivered afterwards, by the same
 * process, none lost and none sent twice.
 */
class DatabaseOutageTest {
  static final int MESSAGES = 300;
  static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(2);
  static final Duration OUTAGE = Duration.ofSeconds(10);
  /**
   * Allowance beyond the configured wait: the commit watchdog's round (a tenth of the wait) and an
   * HTTP round trip on a machine busy with other builds. A behaviour bound, checked generously.
   */
  static final Duration SLACK = Duration.ofSeconds(3);

  @TempDir Path dir;

  @Test
  void postgresOutageIsAnswered503WithRetryAfterWithinTheBoundAndEveryMessageIsDeliveredOnceAfterwardsWithoutRestart()
      throws Exception {
    try (OutageDatabase pg = new OutageDatabase();
        TestServer server = new TestServer(dir, Map.of("database_url", pg.url(),
            "database_timeout", DATABASE_TIMEOUT.toSeconds() + "s",
            // ~40 sends/s: the outage lands while most messages still wait, some in flight, some awaiting their report
            "simulator.latency", "100ms", "dispatcher_concurrency", "4", "simulator.callback_delay", "300ms",
            "retry_backoff", "1s"), Clock.systemUTC(), List.of())) {
      List<String> ids = Faults.acceptSms(server, MESSAGES);
      await().atMost(Duration.ofSeconds(30)).until(() -> Faults.sends(server) >= 30);

      pg.refuseConnections();
      long outageStarted = System.nanoTime();
      List<Long> apiWaits = new CopyOnWriteArrayList<>();
      List<Long> healthWaits = new ArrayList<>();
      int reportsWaiting = 0;
      while (System.nanoTime() - outageStarted < OUTAGE.toNanos()) {
        // Requests of every kind at once: each is refused within the bound, none queues behind another.
        List<Callable<TestServer.Response>> calls = List.of(
            () -> server.post("/v1/messages", Faults.sms("+14155550199")),
            () -> server.post("/v1/messages", Faults.sms("+14155550198"), "Idempotency-Key", "outage-" + System.nanoTime()),
            () -> server.post("/v1/messages/batch", "{\"messages\":[" + Faults.sms("+14155550197") + "]}"),
            () -> server.get("/v1/messages/" + ids.get(0)),
            () -> server.get("/v1/messages?limit=10"),
            () -> server.call("POST", "/v1/messages/" + ids.get(ids.size() - 1) + "/cancel", null));
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
          List<Future<TestServer.Response>> answers = new ArrayList<>();
          long t0 = System.nanoTime();
          for (Callable<TestServer.Response> call : calls) {
            answers.add(clients.submit(() -> {
              TestServer.Response r = call.call();
              apiWaits.add(Faults.millisSince(t0));
              return r;
            }));
          }
          for (Future<TestServer.Response> answer : answers) {
            Faults.assertUnavailable(answer.get(), "database_unavailable");
          }
        }
        long t1 = System.nanoTime();
        TestServer.Response health = server.get("/health");
        healthWaits.add(Faults.millisSince(t1));
        assertThat(health.status()).as("/health while PostgreSQL is down").isEqualTo(503);
        assertThat(health.json().get("database").asText()).isEqualTo("down");
        reportsWaiting = Math.max(reportsWaiting, health.json().get("reports_waiting").asInt());
      }
      assertThat(reportsWaiting).as("delivery reports held during the outage").isPositive();
      assertThat(apiWaits).as("each request's wait during the outage, ms")
          .allSatisfy(ms -> assertThat(ms).isLessThan(DATABASE_TIMEOUT.plus(SLACK).toMillis()));
      assertThat(healthWaits).as("each /health answer's wait during the outage, ms")
          .allSatisfy(ms -> assertThat(ms).isLessThan(DATABASE_TIMEOUT.plus(SLACK).toMillis()));

      pg.allowConnections();
      long restored = System.nanoTime();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> server.get("/health").status() == 200);
      long healthUpAfter = Faults.millisSince(restored);
      assertThat(server.get("/health").json().get("database").asText()).isEqualTo("up");
      long sendsAtRecovery = Faults.sends(server);
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> Faults.sends(server) > sendsAtRecovery);
      long sendingAfter = Faults.millisSince(restored);
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
          .until(() -> server.get("/health").json().get("reports_waiting").asInt() == 0);
      long reportsAppliedAfter = Faults.millisSince(restored);
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
          .until(() -> Faults.delivered(server, ids) == MESSAGES);
      long allDeliveredAfter = Faults.millisSince(restored);

      JsonNode summary = server.get("/v1/simulator/sends?limit=1").json().get("summary");
      System.out.printf("[postgresql outage] %d requests during %d s: wait ms max=%d median=%d; /health max=%d ms;"
          + " reports held at most %d; after the database came back: /health up in %d ms, sending again in %d ms,"
          + " held reports applied in %d ms, all %d delivered in %d ms; sends=%d distinct=%d twice=%d%n", apiWaits.size(),
          OUTAGE.toSeconds(), Faults.max(apiWaits), Faults.median(apiWaits), Faults.max(healthWaits), reportsWaiting,
          healthUpAfter, sendingAfter, reportsAppliedAfter, MESSAGES, allDeliveredAfter,
          summary.get("sends").asLong(), summary.get("distinct_messages").asLong(),
          summary.get("messages_sent_more_than_once").asLong());
      assertThat(summary.get("distinct_messages").asLong()).as("every message sent").isEqualTo(MESSAGES);
      assertThat(summary.get("messages_sent_more_than_once").asLong()).as("none sent twice").isZero();
      Set<String> stored = new HashSet<>(Faults.allIds(server));
      assertThat(stored).as("nothing refused during the outage was stored").containsExactlyInAnyOrderElementsOf(ids);
    }
  }
}
