package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One conversation follows a contact from an outbound SMS to their WhatsApp reply. */
class ConversationAcrossChannelsTest {
  static final String PHONE = "+14155550124";

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

  @Test
  void smsToAContactAndTheirWhatsappReplyShareOneConversation() {
    TestServer.Response created = server.post("/v1/contacts", "{\"name\":\"Grace\",\"phone\":\"(415) 555-0124\","
        + "\"has_whatsapp\":true,\"time_zone\":\"America/Los_Angeles\",\"preferred_channel\":\"whatsapp\"}");
    assertThat(created.status()).isEqualTo(201);
    String contact = created.json().get("id").asText();
    assertThat(created.json().get("phone").asText()).isEqualTo(PHONE);

    TestServer.Response sent = server.post("/v1/messages",
        "{\"channel\":\"sms\",\"contact_id\":\"" + contact + "\",\"body\":\"Your order 1001 has shipped\"}");
    assertThat(sent.status()).isEqualTo(202);
    assertThat(sent.json().get("to").asText()).isEqualTo(PHONE);
    String conversation = sent.json().get("conversation_id").asText();
    assertThat(conversation).isNotBlank();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(sent.json().get("id").asText()).equals("sent"));
    assertThat(server.call("PATCH", "/v1/conversations/" + conversation + "/context",
        "{\"order\":{\"id\":\"1001\",\"state\":\"shipped\"}}").status()).isEqualTo(200);

    assertThat(FakeProviders.whatsappInbound(server, PHONE, "Where is my parcel?").status()).isEqualTo(200);

    JsonNode thread = server.get("/v1/conversations/" + conversation + "/messages").json().get("data");
    assertThat(thread).extracting(m -> m.get("channel").asText() + "/" + m.get("direction").asText())
        .containsExactly("sms/outbound", "whatsapp/inbound");
    assertThat(thread.get(1).get("body").asText()).isEqualTo("Where is my parcel?");
    assertThat(thread.get(1).get("contact_id").asText()).isEqualTo(contact);

    TestServer.Response merged = server.call("PATCH", "/v1/conversations/" + conversation + "/context",
        "{\"order\":{\"state\":\"asked_about\"},\"last_channel\":\"whatsapp\"}");
    assertThat(merged.json()).isEqualTo(TestServer.JSON.createObjectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set(
        "order", TestServer.JSON.createObjectNode().put("id", "1001").put("state", "asked_about")).put("last_channel", "whatsapp"));
    JsonNode contactNow = server.get("/v1/contacts/" + contact).json();
    assertThat(contactNow.get("last_active_channel").asText()).isEqualTo("whatsapp");
    assertThat(server.get("/v1/conversations?contact_id=" + contact).json().get("data")).hasSize(1);
  }

  @Test
  void aMessageToAKnownContactsRawAddressJoinsTheirConversation() {
    String contact = server.post("/v1/contacts", "{\"phone\":\"+14155550126\"}").json().get("id").asText();
    JsonNode sent = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"(415) 555-0126\",\"body\":\"hello\"}").json();
    assertThat(sent.get("contact_id").asText()).isEqualTo(contact);
    String conversation = sent.get("conversation_id").asText();
    assertThat(server.get("/v1/conversations?contact_id=" + contact + "&status=active").json().get("data")
        .get(0).get("id").asText()).isEqualTo(conversation);
    JsonNode stranger = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"+14155550127\",\"body\":\"hi\"}").json();
    assertThat(stranger.get("contact_id").isNull()).isTrue();
  }

  @Test
  void anInboundMessageFromAnUnknownAddressCreatesTheContactAndAConversation() {
    FakeProviders.whatsappInbound(server, "+14155550199", "hi there");
    JsonNode found = server.get("/v1/contacts?address=%2B14155550199").json().get("data");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).get("whatsapp").asText()).isEqualTo("+14155550199");
    String contact = found.get(0).get("id").asText();
    JsonNode conversations = server.get("/v1/conversations?contact_id=" + contact + "&status=active").json().get("data");
    assertThat(conversations).hasSize(1);
  }

  @Test
  void closedConversationIsFinalAndTheNextMessageOpensANewOne() {
    String contact = server.post("/v1/contacts", "{\"phone\":\"+14155550125\"}").json().get("id").asText();
    TestServer.Response opened = server.post("/v1/conversations", "{\"contact_id\":\"" + contact + "\",\"context\":{\"topic\":\"billing\"}}");
    assertThat(opened.status()).isEqualTo(201);
    String id = opened.json().get("id").asText();
    assertThat(server.post("/v1/conversations", "{\"contact_id\":\"" + contact + "\"}").status()).isEqualTo(200);
    assertThat(server.post("/v1/conversations/" + id + "/close", "").json().get("status").asText()).isEqualTo("closed");
    String next = server.post("/v1/messages", "{\"channel\":\"sms\",\"contact_id\":\"" + contact + "\",\"body\":\"hi\"}")
        .json().get("conversation_id").asText();
    assertThat(next).isNotEqualTo(id);
  }
}
