package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The message API end to end on the embedded store, with the simulator delivering. */
class MessageApiTest {
  @TempDir static Path dir;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String sms(String to) {
    return "{\"channel\":\"sms\",\"to\":\"" + to + "\",\"body\":\"Your code is 123456\"}";
  }

  private static int messageCount() {
    int n = 0;
    String cursor = null;
    do {
      JsonNode page = server.get("/v1/messages?limit=500" + (cursor == null ? "" : "&cursor=" + cursor)).json();
      n += page.get("data").size();
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
    } while (cursor != null);
    return n;
  }

  @Test
  void acceptedSmsIsDeliveredThroughTheSimulatorWithAFullTimeline() {
    TestServer.Response r = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"+1 (415) 555-0100\",\"body\":\"hi\"}");
    assertThat(r.status()).isEqualTo(202);
    JsonNode accepted = r.json();
    assertThat(accepted.get("status").asText()).isEqualTo("queued");
    assertThat(accepted.get("to").asText()).isEqualTo("+14155550100");
    String id = accepted.get("id").asText();
    assertThat(accepted.get("links").get("self").asText()).isEqualTo("/v1/messages/" + id);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(id).equals("delivered"));
    JsonNode m = server.get("/v1/messages/" + id).json();
    List<String> steps = new ArrayList<>();
    m.get("timeline").forEach(t -> steps.add(t.get("to").asText()));
    assertThat(steps).containsExactly("queued", "sending", "sent", "delivered");
    assertThat(m.get("delivery_attempts")).hasSize(1);
    assertThat(m.get("delivery_attempts").get(0).get("outcome").asText()).isEqualTo("accepted");
    assertThat(m.get("provider").asText()).isEqualTo("simulator");
    JsonNode sends = server.get("/v1/simulator/sends?message_id=" + id).json();
    assertThat(sends.get("data")).hasSize(1);
  }

  @Test
  void magicNumbersFailPermanentlyOrReportUndelivered() {
    String invalid = server.post("/v1/messages", sms("+15005550001")).json().get("id").asText();
    String undeliverable = server.post("/v1/messages", sms("+15005550010")).json().get("id").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(invalid).equals("failed")
        && server.status(undeliverable).equals("undelivered"));
    JsonNode failed = server.get("/v1/messages/" + invalid).json();
    assertThat(failed.get("error").get("code").asText()).isEqualTo("21211");
    assertThat(failed.get("attempts").asInt()).isEqualTo(1);
  }

  @Test
  void scheduledMessageCanBeCanceledButASentOneCannot() {
    String sendAt = Instant.now().plusSeconds(3600).toString();
    JsonNode scheduled = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"+14155550101\",\"body\":\"later\",\"send_at\":\""
        + sendAt + "\"}").json();
    assertThat(scheduled.get("status").asText()).isEqualTo("scheduled");
    String id = scheduled.get("id").asText();
    TestServer.Response canceled = server.post("/v1/messages/" + id + "/cancel", "");
    assertThat(canceled.status()).isEqualTo(200);
    assertThat(canceled.json().get("status").asText()).isEqualTo("canceled");

    String sent = server.post("/v1/messages", sms("+14155550102")).json().get("id").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(sent).equals("delivered"));
    TestServer.Response conflict = server.post("/v1/messages/" + sent + "/cancel", "");
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.contentType()).startsWith("application/problem+json");
  }

  @Test
  void idempotencyKeyReturnsTheFirstResultAndRefusesADifferentBody() {
    TestServer.Response first = server.post("/v1/messages", sms("+14155550103"), "Idempotency-Key", "order-42");
    TestServer.Response again = server.post("/v1/messages", sms("+14155550103"), "Idempotency-Key", "order-42");
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
    assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
    TestServer.Response different = server.post("/v1/messages", sms("+14155550104"), "Idempotency-Key", "order-42");
    assertThat(different.status()).isEqualTo(422);
    assertThat(different.json().get("type").asText()).endsWith("/idempotency_key_reused");
  }

  @Test
  void batchAcceptsAllOrNothing() {
    StringBuilder ok = new StringBuilder("{\"messages\":[");
    for (int i = 0; i < 20; i++) {
      ok.append(i == 0 ? "" : ",").append(sms("+1415555" + String.format("%04d", 2000 + i)));
    }
    ok.append("]}");
    TestServer.Response r = server.post("/v1/messages/batch", ok.toString());
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().get("count").asInt()).isEqualTo(20);

    int before = messageCount();
    TestServer.Response bad = server.post("/v1/messages/batch",
        "{\"messages\":[" + sms("+14155550105") + "," + sms("not-a-number") + "]}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("messages/1/to");
    assertThat(messageCount()).isEqualTo(before);
  }

  @Test
  void listingFiltersByStatusChannelAndRecipient() {
    String id = server.post("/v1/messages", sms("+14155550177")).json().get("id").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(id).equals("delivered"));
    JsonNode page = server.get("/v1/messages?to=%2B14155550177&status=delivered&channel=sms").json();
    assertThat(page.get("data")).hasSize(1);
    assertThat(page.get("data").get(0).get("id").asText()).isEqualTo(id);
    assertThat(server.get("/v1/messages?status=bogus").status()).isEqualTo(422);
  }

  @Test
  void healthAndOpenApiNeedNoKey() {
    assertThat(server.getWithoutKey("/health").json().get("status").asText()).isEqualTo("ok");
    assertThat(server.getWithoutKey("/openapi.json").json().get("openapi").asText()).startsWith("3.");
  }

  @Test
  void simulatorSendsShowAndCountOnlyTheCallersTenant() {
    String otherKey = "hk_other_tenant_key_0123456789";
    server.node.api().apiKeys().add("other", otherKey, Instant.now());
    String mine = server.post("/v1/messages", sms("+14155550190")).json().get("id").asText();
    TestServer.Response accepted = server.postWithoutKey("/v1/messages", sms("+14155550191"),
        "Authorization", "Bearer " + otherKey, "Content-Type", "application/json");
    String theirs = accepted.json().get("id").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(mine).equals("delivered")
        && server.getWithoutKey("/v1/simulator/sends", "Authorization", "Bearer " + otherKey).json().get("data").size() == 1);
    JsonNode other = server.getWithoutKey("/v1/simulator/sends", "Authorization", "Bearer " + otherKey).json();
    assertThat(other.get("data")).extracting(e -> e.get("message_id").asText()).containsExactly(theirs);
    assertThat(other.at("/summary/sends").asLong()).as("the other tenant's one send").isEqualTo(1);
    assertThat(other.at("/summary/distinct_messages").asLong()).isEqualTo(1);
    JsonNode own = server.get("/v1/simulator/sends?limit=10000").json();
    assertThat(own.get("data")).extracting(e -> e.get("message_id").asText()).contains(mine).doesNotContain(theirs);
  }

  @Test
  void everyResponseForbidsSniffingAndCaching() {
    List<TestServer.Response> responses = List.of(server.get("/v1/messages"), server.post("/v1/messages", "{}"),
        server.get("/v1/messages/nope"), server.getWithoutKey("/v1/messages"), server.getWithoutKey("/health"),
        server.getWithoutKey("/openapi.json"), server.getWithoutKey("/no/such/route"),
        server.postWithoutKey("/mcp", "{}"), server.postWithoutKey("/webhooks/simulator/status", "{}"));
    for (TestServer.Response r : responses) {
      String what = r.raw().request().method() + " " + r.raw().uri().getPath() + " → " + r.status();
      assertThat(r.raw().headers().allValues("X-Content-Type-Options")).as(what).containsExactly("nosniff");
      assertThat(r.raw().headers().allValues("Cache-Control")).as(what).containsExactly("no-store");
    }
  }

  @Test
  void aWebhookForAProviderWithoutAReceiverIsAProblemDocumentNamingTheProvider() {
    TestServer.Response r = server.postWithoutKey("/webhooks/nosuch/status", "a=b",
        "Content-Type", "application/x-www-form-urlencoded");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.contentType()).isEqualTo("application/problem+json; charset=utf-8");
    assertThat(r.json().get("detail").asText()).contains("nosuch");
  }
}
