package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.store.jdbc.SqliteFaults;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delivery report that arrives while the database cannot take it is not parked until the next
 * start: the node keeps it and applies it once the database takes writes again, so the message
 * moves from {@code sent} to {@code delivered} in the same process.
 */
class DeliveryReportRetryTest {
  /** Long enough to cause the fault between the send and its report. */
  static final String CALLBACK_DELAY = "3s";

  @TempDir Path dir;

  @Test
  void reportRefusedByASqliteDatabaseThatTakesNoWritesIsAppliedOnceItTakesThemAgain() {
    try (TestServer server = server(Map.of())) {
      String id = sentMessage(server);
      SqliteFaults.refuseWrites(server.node.store(), true);
      awaitReportWaiting(server);
      assertThat(server.status(id)).as("a refused report moves nothing").isEqualTo("sent");
      SqliteFaults.refuseWrites(server.node.store(), false);
      assertDeliveredOnce(server, id);
    }
  }

  @Test
  void reportThatArrivedDuringAPostgresOutageIsAppliedAfterItWithoutRestart() throws Exception {
    try (OutageDatabase pg = new OutageDatabase(); TestServer server = server(Map.of("database_url", pg.url()))) {
      String id = sentMessage(server);
      pg.refuseConnections();
      awaitReportWaiting(server);
      pg.allowConnections();
      assertDeliveredOnce(server, id);
    }
  }

  private TestServer server(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(extra);
    settings.put("simulator.callback_delay", CALLBACK_DELAY);
    settings.put("database_timeout", "2s");
    return new TestServer(dir, settings, Clock.systemUTC(), List.of());
  }

  /** A message the simulator has accepted, its report still to come. */
  private static String sentMessage(TestServer server) {
    String id = Faults.acceptSms(server, 1).get(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(id).equals("sent"));
    return id;
  }

  /** Waits until the report was tried, failed and is held for another try. */
  private static void awaitReportWaiting(TestServer server) {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .until(() -> server.get("/health").json().get("reports_waiting").asInt() == 1);
  }

  private static void assertDeliveredOnce(TestServer server, String id) {
    await().atMost(Duration.ofSeconds(30)).until(() -> server.status(id).equals("delivered"));
    JsonNode events = server.get("/v1/messages/" + id + "/events").json().get("data");
    assertThat(events).extracting(e -> e.get("outcome").asText()).containsExactly("applied");
    assertThat(server.get("/health").json().get("reports_waiting").asInt()).isZero();
    assertThat(server.get("/v1/simulator/sends?message_id=" + id).json().get("data")).hasSize(1);
  }
}
