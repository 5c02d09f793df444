package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.consent.KeywordReplies;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a new user met with contacts across channels, on both stores: a refused send changes
 * nothing, an inbound message teaches its contact, a contact's capabilities hold for raw addresses
 * too, HELP is answered after STOP, and an answer marks the message it answers as replied.
 */
class ContactIdentityTest {
  static final String PHONE = "+14155550177";

  @TempDir Path dir;
  FakeProviders providers;
  TestServer server;

  private void start(String database) {
    providers = new FakeProviders();
    server = new TestServer(dir, TestServer.on(database, providers.settings()), Clock.systemUTC(), List.of());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (providers != null) {
      providers.close();
    }
  }

  private String createContact(String json) {
    TestServer.Response r = server.post("/v1/contacts", json);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  private JsonNode conversationsOf(String contactId) {
    return server.get("/v1/conversations?contact_id=" + contactId).json().get("data");
  }

  private JsonNode contactByPhone() {
    return server.get("/v1/contacts?address=" + PHONE.replace("+", "%2B")).json().get("data").get(0);
  }

  private int messageCount() {
    return server.get("/v1/messages?limit=100").json().get("data").size();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aRefusedSendOpensNoConversationOverHttpOrMcp(String database) {
    start(database);
    String contact = createContact("{\"name\":\"Grace\",\"phone\":\"" + PHONE + "\",\"has_whatsapp\":true}");

    TestServer.Response refused = server.post("/v1/messages",
        "{\"channel\":\"whatsapp\",\"contact_id\":\"" + contact + "\",\"body\":\"Free-form, outside the window\"}");
    assertThat(refused.status()).isEqualTo(422);
    assertThat(conversationsOf(contact)).isEmpty();

    TestServer.Response batch = server.post("/v1/messages/batch", "{\"messages\":[{\"channel\":\"sms\",\"contact_id\":\""
        + contact + "\",\"body\":\"fine\"},{\"channel\":\"whatsapp\",\"contact_id\":\"" + contact + "\",\"body\":\"refused\"}]}");
    assertThat(batch.status()).isEqualTo(422);
    assertThat(conversationsOf(contact)).isEmpty();

    try (McpSyncClient mcp = mcpClient()) {
      McpSchema.CallToolResult r = mcp.callTool(new McpSchema.CallToolRequest("send_multichannel",
          Map.of("channels", List.of("sms", "whatsapp"), "contact_id", contact, "body", "Your summary")));
      assertThat(r.isError()).isTrue();
    }
    assertThat(conversationsOf(contact)).isEmpty();
    assertThat(messageCount()).isZero();

    TestServer.Response accepted = server.post("/v1/messages",
        "{\"channel\":\"sms\",\"contact_id\":\"" + contact + "\",\"body\":\"Your appointment is confirmed\"}");
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(conversationsOf(contact)).singleElement()
        .satisfies(c -> assertThat(c.get("id").asText()).isEqualTo(accepted.json().get("conversation_id").asText()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void anInboundMessageTeachesItsContactTheChannelAndAddress(String database) {
    start(database);
    assertThat(FakeProviders.twilioInbound(server, PHONE, "Is my order ready?").status()).isEqualTo(200);
    JsonNode created = contactByPhone();
    assertThat(created.get("allows_sms").asBoolean()).isTrue();
    assertThat(created.get("whatsapp").isNull()).isTrue();

    assertThat(FakeProviders.whatsappInbound(server, PHONE, "Also on WhatsApp").status()).isEqualTo(200);
    JsonNode learned = contactByPhone();
    assertThat(learned.get("id").asText()).isEqualTo(created.get("id").asText());
    assertThat(learned.get("last_active_channel").asText()).isEqualTo("whatsapp");
    assertThat(learned.get("whatsapp").asText()).isEqualTo(PHONE);
    assertThat(learned.get("has_whatsapp").asBoolean()).isTrue();

    TestServer.Response send = server.post("/v1/messages", "{\"channel\":\"whatsapp\",\"contact_id\":\""
        + created.get("id").asText() + "\",\"body\":\"Yes, it is ready\"}");
    assertThat(send.status()).as(send.text()).isEqualTo(202);
    assertThat(send.json().get("to").asText()).isEqualTo(PHONE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aContactThatTakesNoSmsIsRefusedByRawNumberAsByContactId(String database) {
    start(database);
    String contact = createContact("{\"name\":\"Landline\",\"phone\":\"" + PHONE + "\",\"allows_sms\":false}");

    TestServer.Response byNumber = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"(415) 555-0177\",\"body\":\"hi\"}");
    assertThat(byNumber.status()).isEqualTo(422);
    assertThat(byNumber.json().at("/errors/0/field").asText()).isEqualTo("to");
    assertThat(byNumber.json().at("/errors/0/detail").asText()).contains("allows_sms");

    TestServer.Response byId = server.post("/v1/messages", "{\"channel\":\"sms\",\"contact_id\":\"" + contact + "\",\"body\":\"hi\"}");
    assertThat(byId.status()).isEqualTo(422);
    assertThat(byId.json().at("/errors/0/field").asText()).isEqualTo("contact_id");
    assertThat(byId.json().at("/errors/0/detail").asText()).contains("allows_sms");

    assertThat(messageCount()).isZero();
    assertThat(conversationsOf(contact)).isEmpty();
    assertThat(server.post("/v1/messages", "{\"channel\":\"voice\",\"to\":\"" + PHONE + "\",\"body\":\"hi\"}").status())
        .isEqualTo(202);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void helpIsAnsweredAfterStopWhileEveryOtherMessageStaysSuppressed(String database) {
    start(database);
    FakeProviders.twilioInbound(server, PHONE, "STOP");
    await().atMost(Duration.ofSeconds(10)).until(() -> providers.smsBodies().stream()
        .anyMatch(b -> b.contains("Body=" + KeywordReplies.DEFAULT.stop())));

    FakeProviders.twilioInbound(server, PHONE, "HELP");
    await().atMost(Duration.ofSeconds(10)).until(() -> providers.smsBodies().stream()
        .anyMatch(b -> b.contains("Body=" + KeywordReplies.DEFAULT.help())));

    TestServer.Response other = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"" + PHONE + "\",\"body\":\"Your code is 1234\"}");
    String id = other.json().get("id").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(id).equals("suppressed"));

    TestServer.Response forged = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"" + PHONE
        + "\",\"body\":\"Promo\",\"metadata\":{\"keyword_reply_to\":\"x\",\"keyword_reply\":\"help\"}}");
    assertThat(forged.status()).isEqualTo(422);
    assertThat(forged.json().get("errors")).extracting(e -> e.get("field").asText())
        .containsExactlyInAnyOrder("metadata/keyword_reply_to", "metadata/keyword_reply");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void anInboundAnswerMarksTheLatestOutboundMessageToItsSenderAsReplied(String database) {
    start(database);
    FakeProviders.twilioInbound(server, PHONE, "Hi, I called earlier");
    String first = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"" + PHONE + "\",\"body\":\"Summary 1\"}")
        .json().get("id").asText();
    String latest = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"" + PHONE + "\",\"body\":\"Can you come at 3pm?\"}")
        .json().get("id").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(latest).equals("sent"));

    FakeProviders.twilioInbound(server, PHONE, "Yes, 3pm works");
    JsonNode inbound = StreamSupport.stream(server.get("/v1/messages?limit=100").json().get("data").spliterator(), false)
        .filter(m -> m.get("direction").asText().equals("inbound") && m.get("body").asText().equals("Yes, 3pm works"))
        .findFirst().orElseThrow();

    JsonNode events = server.get("/v1/messages/" + latest + "/events").json().get("data");
    assertThat(events).anySatisfy(e -> {
      assertThat(e.get("event_type").asText()).isEqualTo("replied");
      assertThat(e.toString()).contains(inbound.get("id").asText());
    });
    JsonNode detail = server.get("/v1/messages/" + latest).json();
    assertThat(detail.get("status").asText()).isEqualTo("sent");
    assertThat(detail.get("timeline")).anySatisfy(c -> assertThat(c.get("reason").asText())
        .contains("replied").contains(inbound.get("id").asText()));
    assertThat(server.get("/v1/messages/" + first + "/events").json().get("data"))
        .noneSatisfy(e -> assertThat(e.get("event_type").asText()).isEqualTo("replied"));
  }

  private McpSyncClient mcpClient() {
    McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://localhost:" + server.node.port())
            .endpoint("/mcp")
            .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + TestServer.API_KEY))
            .build())
        .requestTimeout(Duration.ofSeconds(10)).build();
    client.initialize();
    return client;
  }
}
