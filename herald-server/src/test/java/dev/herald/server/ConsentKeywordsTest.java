package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.consent.KeywordReplies;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SMS keywords through Twilio's signed inbound webhook change consent, and consent decides what is sent. */
class ConsentKeywordsTest {
  static final String CUSTOMER = "+14155550123";

  @TempDir Path dir;
  FakeProviders providers;
  TestServer server;

  @BeforeEach
  void start() {
    providers = new FakeProviders();
    server = new TestServer(dir, providers.settings(), Clock.systemUTC(), List.of());
  }

  @AfterEach
  void stop() {
    server.close();
    providers.close();
  }

  private String marketingSms(String body) {
    TestServer.Response r = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"" + CUSTOMER
        + "\",\"body\":\"" + body + "\",\"category\":\"marketing\"}");
    assertThat(r.status()).isEqualTo(202);
    return r.json().get("id").asText();
  }

  private JsonNode contact() {
    return server.get("/v1/contacts?address=" + CUSTOMER.replace("+", "%2B")).json().get("data").get(0);
  }

  @Test
  void stopOptsOutWithLedgerEntryAndConfirmationThenSuppressesMarketingUntilStart() {
    TestServer.Response answer = FakeProviders.twilioInbound(server, CUSTOMER, "Stop");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).isEqualTo("<Response/>");

    JsonNode contact = contact();
    JsonNode consent = server.get("/v1/contacts/" + contact.get("id").asText() + "/consent").json();
    assertThat(consent.at("/current/sms/state").asText()).isEqualTo("opted_out");
    assertThat(consent.at("/current/sms/source").asText()).isEqualTo("keyword");
    assertThat(consent.at("/current/sms/detail").asText()).isEqualTo("STOP");
    assertThat(consent.at("/current/sms/message_id").asText()).isNotBlank();
    await().atMost(Duration.ofSeconds(10)).until(() -> providers.smsBodies().stream()
        .anyMatch(b -> b.contains("Body=" + KeywordReplies.DEFAULT.stop())));

    String promo = marketingSms("Spring sale: 20% off");
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(promo).equals("suppressed"));
    JsonNode suppressed = server.get("/v1/messages/" + promo).json();
    assertThat(suppressed.at("/error/reason").asText()).contains("opted out of sms");
    assertThat(suppressed.get("delivery_attempts")).isEmpty();
    assertThat(suppressed.get("cost").isNull()).isTrue();
    assertThat(providers.smsBodies()).noneMatch(b -> b.contains("Spring sale"));

    assertThat(FakeProviders.twilioInbound(server, CUSTOMER, "START").status()).isEqualTo(200);
    assertThat(server.get("/v1/contacts/" + contact.get("id").asText() + "/consent").json()
        .at("/current/sms/state").asText()).isEqualTo("opted_in");
    String again = marketingSms("Summer sale");
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(again).equals("sent"));
    assertThat(server.get("/v1/contacts/" + contact.get("id").asText() + "/consent").json().get("history"))
        .extracting(h -> h.get("state").asText()).containsExactly("opted_out", "opted_in");
  }

  @Test
  void redeliveredInboundWebhookCreatesNothingNew() {
    String sid = "SM0123456789abcdef0123456789abcdef";
    assertThat(FakeProviders.twilioInbound(server, CUSTOMER, "STOP", sid).status()).isEqualTo(200);
    int messages = server.get("/v1/messages").json().get("data").size();
    assertThat(FakeProviders.twilioInbound(server, CUSTOMER, "STOP", sid).status()).isEqualTo(200);
    assertThat(server.get("/v1/messages").json().get("data")).hasSize(messages);
    assertThat(server.get("/v1/contacts/" + contact().get("id").asText() + "/consent").json().get("history")).hasSize(1);
    assertThat(server.get("/v1/contacts").json().get("data")).hasSize(1);
  }

  @Test
  void helpIsAnsweredWithoutChangingConsent() {
    FakeProviders.twilioInbound(server, CUSTOMER, "help");
    await().atMost(Duration.ofSeconds(10)).until(() -> providers.smsBodies().stream()
        .anyMatch(b -> b.contains("Reply STOP to unsubscribe, START")));
    assertThat(server.get("/v1/contacts/" + contact().get("id").asText() + "/consent").json().get("history")).isEmpty();
  }

  @Test
  void anUnsignedWebhookIsRefusedWithAProblemDocumentAndChangesNothing() {
    TestServer.Response r = server.postWithoutKey("/webhooks/twilio/inbound", "From=%2B14155550123&Body=STOP",
        "Content-Type", "application/x-www-form-urlencoded");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).isEqualTo("application/problem+json; charset=utf-8");
    assertThat(r.json().get("status").asInt()).isEqualTo(401);
    assertThat(server.get("/v1/contacts").json().get("data")).isEmpty();
  }
}
