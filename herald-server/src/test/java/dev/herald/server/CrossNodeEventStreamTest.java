package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testkit.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On PostgreSQL a stream on one node shows the changes made on another. */
class CrossNodeEventStreamTest {
  @TempDir Path dir;

  @Test
  void aStreamOnOneNodeShowsAMessageAcceptedAndDeliveredByAnother() throws Exception {
    String url = TestDatabases.freshPostgresSchemaUrl();
    try (TestServer sender = new TestServer(dir.resolve("a"), Map.of("database_url", url), Clock.systemUTC(), List.of());
        TestServer watcher = new TestServer(dir.resolve("b"), Map.of("database_url", url, "dispatcher_enabled", "false"),
            Clock.systemUTC(), List.of());
        SseClient stream = new SseClient(watcher.url("/v1/events/stream"),
            Map.of("Authorization", "Bearer " + TestServer.API_KEY))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !stream.of("queue.stats").isEmpty());
      String id = sender.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"hi\"}")
          .json().get("id").asText();
      await().atMost(Duration.ofSeconds(15)).until(() -> EventStreamTest.movesOf(stream, id).contains("delivered"));
      assertThat(stream.of("message.accepted")).extracting(f -> EventStreamTest.data(f).get("id").asText()).containsExactly(id);
      assertThat(EventStreamTest.movesOf(stream, id)).containsExactly("sending", "sent", "delivered");
    }
  }
}
