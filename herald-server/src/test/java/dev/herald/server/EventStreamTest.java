package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/events/stream}: live events, resumable after a dropped connection. */
class EventStreamTest {
  @TempDir Path dir;
  TestServer server;

  @BeforeEach
  void start() {
    server = new TestServer(dir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anotherTenantsKeySeesNoneOfThisTenantsEvents() throws Exception {
    String otherKey = "hk_other_tenant_key_0123456789";
    server.node.api().apiKeys().add("acme", otherKey, java.time.Instant.now());
    try (SseClient mine = open(null);
        SseClient theirs = new SseClient(server.url("/v1/events/stream"), Map.of("Authorization", "Bearer " + otherKey))) {
      assertThat(theirs.response.statusCode()).isEqualTo(200);
      String id = send("+14155550109");
      await().atMost(Duration.ofSeconds(10)).until(() -> movesOf(mine, id).contains("delivered"));
      await().atMost(Duration.ofSeconds(10)).until(() -> !theirs.of("queue.stats").isEmpty());
      assertThat(theirs.frames).noneSatisfy(f -> assertThat(f.data()).contains(id));
    }
  }

  SseClient open(String lastEventId) throws IOException, InterruptedException {
    Map<String, String> headers = lastEventId == null ? Map.of("Authorization", "Bearer " + TestServer.API_KEY)
        : Map.of("Authorization", "Bearer " + TestServer.API_KEY, "Last-Event-ID", lastEventId);
    return new SseClient(server.url("/v1/events/stream"), headers);
  }

  String send(String to) {
    return server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"" + to + "\",\"body\":\"hi\"}").json().get("id").asText();
  }

  static JsonNode data(SseClient.Frame f) {
    try {
      return TestServer.JSON.readTree(f.data());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The statuses a message moved to, in stream order. */
  static List<String> movesOf(SseClient c, String id) {
    return c.of("message.status_changed").stream().map(EventStreamTest::data)
        .filter(d -> d.get("id").asText().equals(id)).map(d -> d.get("to").asText()).toList();
  }

  @Test
  void aMessageIsAcceptedThenMovesToDeliveredOnTheStreamWithAnIdOnEveryEvent() throws Exception {
    try (SseClient c = open(null)) {
      assertThat(c.response.statusCode()).isEqualTo(200);
      assertThat(c.response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
      String id = send("+14155550100");
      await().atMost(Duration.ofSeconds(10)).until(() -> movesOf(c, id).contains("delivered"));
      assertThat(c.of("message.accepted")).extracting(f -> data(f).get("id").asText()).containsExactly(id);
      assertThat(movesOf(c, id)).containsExactly("sending", "sent", "delivered");
      JsonNode delivered = c.of("message.status_changed").stream().map(EventStreamTest::data)
          .filter(d -> d.get("to").asText().equals("delivered")).findFirst().orElseThrow();
      assertThat(delivered.get("from").asText()).isEqualTo("sent");
      assertThat(delivered.get("channel").asText()).isEqualTo("sms");
      assertThat(delivered.get("at").asText()).isNotBlank();
      assertThat(c.frames).allSatisfy(f -> assertThat(f.id()).isNotBlank());
      assertThat(c.of("queue.stats")).isNotEmpty();
    }
  }

  @Test
  void aClientReconnectingWithLastEventIdGetsEveryEventItMissedAndNoneTwice() throws Exception {
    String first;
    String lastId;
    try (SseClient c = open(null)) {
      first = send("+14155550101");
      await().atMost(Duration.ofSeconds(10)).until(() -> movesOf(c, first).contains("delivered"));
      lastId = c.frames.get(c.frames.size() - 1).id();
    }
    // While the connection is down, a second message goes all the way to delivered.
    String missed = send("+14155550102");
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(missed).equals("delivered"));
    try (SseClient c = open(lastId)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> movesOf(c, missed).contains("delivered"));
      assertThat(c.of("message.accepted")).extracting(f -> data(f).get("id").asText()).containsExactly(missed);
      assertThat(movesOf(c, missed)).containsExactly("sending", "sent", "delivered");
      assertThat(movesOf(c, first)).isEmpty();
      assertThat(c.of("stream.gap")).isEmpty();
    }
  }

  @Test
  void aLastEventIdThisNodeDoesNotHoldIsAnsweredWithAGapEvent() throws Exception {
    try (SseClient c = open("0123abcd-42")) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !c.of("stream.gap").isEmpty());
      String id = send("+14155550103");
      await().atMost(Duration.ofSeconds(10)).until(() -> movesOf(c, id).contains("delivered"));
    }
  }

  @Test
  void queueStatsCountTheTenantsWaitingMessagesByChannel() throws Exception {
    server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"+14155550104\",\"body\":\"later\","
        + "\"send_at\":\"2099-01-01T00:00:00Z\"}");
    try (SseClient c = open(null)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !c.of("queue.stats").isEmpty());
      JsonNode stats = data(c.of("queue.stats").get(0));
      assertThat(stats.get("scheduled").asLong()).isEqualTo(1);
      assertThat(stats.get("queued").asLong()).isZero();
      assertThat(stats.at("/by_channel/sms/scheduled").asLong()).isEqualTo(1);
    }
  }

  @Test
  void aConversationsContextChangeAndClosingAreOnTheStream() throws Exception {
    String contact = server.post("/v1/contacts", "{\"name\":\"Grace\",\"phone\":\"+14155550124\"}").json().get("id").asText();
    String conversation = server.post("/v1/messages", "{\"channel\":\"sms\",\"contact_id\":\"" + contact
        + "\",\"body\":\"shipped\"}").json().get("conversation_id").asText();
    try (SseClient c = open(null)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !c.of("queue.stats").isEmpty());
      assertThat(server.call("PATCH", "/v1/conversations/" + conversation + "/context", "{\"order\":\"1001\"}").status())
          .isEqualTo(200);
      assertThat(server.post("/v1/conversations/" + conversation + "/close", "").status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> c.of("conversation.updated").stream().map(EventStreamTest::data)
          .anyMatch(d -> d.get("status").asText().equals("closed")));
      assertThat(c.of("conversation.updated")).map(EventStreamTest::data).allSatisfy(d -> {
        assertThat(d.get("id").asText()).isEqualTo(conversation);
        assertThat(d.get("contact_id").asText()).isEqualTo(contact);
      });
    }
  }

  @Test
  void aRequestTheStreamCannotServeIsRefusedWithAProblemInsteadOfOpeningIt() {
    TestServer.Response query = server.get("/v1/events/stream?since=1");
    assertThat(query.status()).isEqualTo(422);
    assertThat(query.contentType()).startsWith("application/problem+json");
    assertThat(query.text()).contains("since");
    TestServer.Response longId = server.get("/v1/events/stream", "Last-Event-ID", "k".repeat(256));
    assertThat(longId.status()).isEqualTo(422);
    assertThat(longId.text()).contains("Last-Event-ID");
  }

  @Test
  void theStreamRefusesARequestWithoutAnApiKey() {
    TestServer.Response r = server.getWithoutKey("/v1/events/stream");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
  }
}
