package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testkit.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL a message accepted while workers are free is claimed in its own insert and handed
 * to them; one accepted while they are busy waits in the queue and is claimed when a worker frees.
 * Either way it is sent once and ends delivered.
 */
class HandOffTest {
  @TempDir static Path dir;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer(dir, Map.of("database_url", TestDatabases.freshPostgresSchemaUrl(),
        "dispatcher_concurrency", "4", "simulator.latency", "200ms"), Clock.systemUTC(), List.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String accept(String to) {
    TestServer.Response r = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"" + to + "\",\"body\":\"hand-off\"}");
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().get("status").asText()).isEqualTo("queued");
    return r.json().get("id").asText();
  }

  @Test
  void messageAcceptedWhileWorkersAreFreeIsClaimedInItsInsert() {
    // The claimer briefly holds the free slots while its own poll runs (longer on a loaded machine),
    // and an accept in that moment is queued instead: some of a few sequential accepts must be
    // claimed in their insert, and every one must be sent through the same steps.
    int claimedInInsert = 0;
    for (int i = 0; i < 10 && claimedInInsert == 0; i++) {
      String id = accept("+1415555%04d".formatted(101 + i));
      await().atMost(Duration.ofSeconds(10)).until(() -> server.status(id).equals("delivered"));
      JsonNode timeline = server.get("/v1/messages/" + id).json().get("timeline");
      List<String> steps = new ArrayList<>();
      timeline.forEach(t -> steps.add(t.get("to").asText()));
      assertThat(steps).containsExactly("queued", "sending", "sent", "delivered");
      assertThat(timeline.get(1).get("reason").asText()).startsWith("claimed by ");
      // Claimed in the same statement that stored it: the claim carries the acceptance's time.
      if (timeline.get(1).get("at").asText().equals(timeline.get(0).get("at").asText())) {
        claimedInInsert++;
      }
    }
    assertThat(claimedInInsert).as("accepts claimed in their own insert").isEqualTo(1);
  }

  @Test
  void messagesAcceptedWhileWorkersAreBusyWaitAndAreEachSentOnce() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      ids.add(accept("+1415555%04d".formatted(200 + i)));
    }
    await().atMost(Duration.ofSeconds(30))
        .until(() -> ids.stream().allMatch(id -> server.status(id).equals("delivered")));
    int claimedAtAcceptance = 0;
    for (String id : ids) {
      JsonNode sends = server.get("/v1/simulator/sends?message_id=" + id).json();
      assertThat(sends.get("data")).as("sends of %s", id).hasSize(1);
      JsonNode timeline = server.get("/v1/messages/" + id).json().get("timeline");
      if (timeline.get(1).get("at").asText().equals(timeline.get(0).get("at").asText())) {
        claimedAtAcceptance++;
      }
    }
    // Four workers, each send 200 ms: the first few go straight to them, the rest wait for a claim.
    assertThat(claimedAtAcceptance).isBetween(1, 23);
  }
}
