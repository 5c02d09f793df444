package dev.herald.provider.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.core.message.Channel;
import dev.herald.core.message.Content;
import dev.herald.core.message.Message;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.Accepted;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import dev.herald.core.provider.ProviderConfig;
import dev.herald.provider.contract.MessageFixtures;
import dev.herald.provider.contract.OpenApi31RequestValidator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider against a WireMock Cloud API that answers as Meta documents it; every recorded
 * request is checked against Meta's Business Messaging OpenAPI v23.0 contract.
 */
class WhatsAppContractTest {
  private static final String PHONE_NUMBER_ID = "106540352242922";
  private static final String MESSAGES = "/v23.0/" + PHONE_NUMBER_ID + "/messages";
  private static final String WAMID = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static WireMockServer meta;
  private static OpenApi31RequestValidator contract;
  private WhatsAppProvider provider;

  @BeforeAll
  static void startMeta() {
    meta = new WireMockServer(options().dynamicPort());
    meta.start();
    contract = OpenApi31RequestValidator.load(OpenApi31RequestValidator.contract("whatsapp_business_messaging_api_v23.0.yaml"));
  }

  @AfterAll
  static void stopMeta() {
    meta.stop();
  }

  @BeforeEach
  void newProvider() {
    meta.resetAll();
    provider = provider("10s");
  }

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  @Test
  void textSendConformsToTheContractAndIsAcceptedWithTheWamid() throws Exception {
    answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
        "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"+16505551234\",\"wa_id\":\"16505551234\"}],"
            + "\"messages\":[{\"id\":\"" + WAMID + "\"}]}"));

    DeliveryOutcome outcome = provider.send(message(Content.text("Your code is 4721"), Map.of()));

    assertThat(outcome).isEqualTo(new Accepted(WAMID, null, null, 200));
    JsonNode body = recordedConformingBody();
    assertThat(body.path("to").asText()).isEqualTo("16505551234");
    assertThat(body.path("type").asText()).isEqualTo("text");
    assertThat(body.path("text").path("body").asText()).isEqualTo("Your code is 4721");
    assertThat(body.path("text").path("preview_url").asBoolean(true)).isFalse();
    assertThat(recorded().getHeader("Authorization")).isEqualTo("Bearer EAAtoken.test");
  }

  @Test
  void templateSendConformsToTheContractWithItsBodyParameters() throws Exception {
    answerAccepted();

    provider.send(message(Content.text("ignored for templates"), Map.of("template_name", "order_shipped",
        "template_language", "de", "template_params", "[\"Ada\",\"#1042\"]")));

    JsonNode template = recordedConformingBody().path("template");
    assertThat(template.path("name").asText()).isEqualTo("order_shipped");
    assertThat(template.path("language").path("code").asText()).isEqualTo("de");
    JsonNode parameters = template.path("components").path(0).path("parameters");
    assertThat(template.path("components").path(0).path("type").asText()).isEqualTo("body");
    assertThat(parameters.findValuesAsText("text")).containsExactly("Ada", "#1042");
  }

  @Test
  void mediaSendConformsToTheContractWithLinkAndCaption() throws Exception {
    answerAccepted();

    provider.send(message(Content.text("Your invoice"), Map.of("media_url", "https://cdn.example.com/inv-1042.pdf",
        "media_type", "document")));

    JsonNode body = recordedConformingBody();
    assertThat(body.path("type").asText()).isEqualTo("document");
    assertThat(body.path("document").path("link").asText()).isEqualTo("https://cdn.example.com/inv-1042.pdf");
    assertThat(body.path("document").path("caption").asText()).isEqualTo("Your invoice");
  }

  @Test
  void throughputLimitAnsweredWith429IsTransientAndHonoursRetryAfter() {
    answer(graphError(429, 130429, "Rate limit hit", "Cloud API message throughput has been reached.").withHeader("Retry-After", "30"));

    DeliveryOutcome outcome = provider.send(message(Content.text("hi"), Map.of()));

    assertThat(outcome).isEqualTo(new TransientFailure("130429",
        "(#130429) Rate limit hit: Cloud API message throughput has been reached. (fbtrace_id AbC123)", Duration.ofSeconds(30), 429));
  }

  @Test
  void serviceUnavailableIsTransient() {
    answer(aResponse().withStatus(503).withHeader("Retry-After", "5").withBody("<html>Service Unavailable</html>"));

    DeliveryOutcome outcome = provider.send(message(Content.text("hi"), Map.of()));

    assertThat(outcome).isInstanceOfSatisfying(TransientFailure.class, t -> {
      assertThat(t.code()).isEqualTo("http_503");
      assertThat(t.retryAfter()).isEqualTo(Duration.ofSeconds(5));
      assertThat(t.httpStatus()).isEqualTo(503);
    });
  }

  @Test
  void reEngagementError131047IsPermanent() {
    answer(graphError(400, 131047, "Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number."));

    DeliveryOutcome outcome = provider.send(message(Content.text("hi"), Map.of()));

    assertThat(outcome).isInstanceOfSatisfying(PermanentFailure.class, p -> {
      assertThat(p.code()).isEqualTo("131047");
      assertThat(p.reason()).contains("more than 24 hours");
      assertThat(p.httpStatus()).isEqualTo(400);
    });
  }

  @Test
  void expiredAccessTokenIsPermanent() {
    answer(graphError(401, 190, "Error validating access token: Session has expired", null));

    assertThat(provider.send(message(Content.text("hi"), Map.of())))
        .isInstanceOfSatisfying(PermanentFailure.class, p -> assertThat(p.code()).isEqualTo("190"));
  }

  @Test
  void slowAnswerPastTheTimeoutIsTransient() {
    provider.close();
    provider = provider("200ms");
    answer(aResponse().withStatus(200).withFixedDelay(1_000).withBody("{}"));

    assertThat(provider.send(message(Content.text("hi"), Map.of())))
        .isInstanceOfSatisfying(TransientFailure.class, t -> assertThat(t.code()).isEqualTo("timeout"));
  }

  @Test
  void malformedRecipientIsPermanentWithoutCallingMeta() {
    Message message = MessageFixtures.message(Channel.WHATSAPP, "not-a-number", null, Content.text("hi"), Map.of());

    assertThat(provider.send(message))
        .isInstanceOfSatisfying(PermanentFailure.class, p -> assertThat(p.code()).isEqualTo("invalid_recipient"));
    assertThat(meta.getAllServeEvents()).isEmpty();
  }

  private WhatsAppProvider provider(String timeout) {
    return new WhatsAppProvider(WhatsAppSettings.from(new ProviderConfig("whatsapp", Map.of(
        "access_token", "EAAtoken.test", "phone_number_id", PHONE_NUMBER_ID, "app_secret", "app-secret",
        "verify_token", "verify-me", "base_url", meta.baseUrl(), "timeout", timeout))), CLOCK, 80);
  }

  private static Message message(Content content, Map<String, String> metadata) {
    return MessageFixtures.message(Channel.WHATSAPP, "+16505551234", null, content, metadata);
  }

  private static void answer(ResponseDefinitionBuilder response) {
    meta.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(response));
  }

  private static void answerAccepted() {
    answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"" + WAMID + "\"}]}"));
  }

  private static ResponseDefinitionBuilder graphError(int status, int code, String message, String details) {
    String errorData = details == null ? "" : ",\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"" + details + "\"}";
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(
        "{\"error\":{\"message\":\"(#" + code + ") " + message + "\",\"type\":\"OAuthException\",\"code\":" + code
            + errorData + ",\"fbtrace_id\":\"AbC123\"}}");
  }

  private static LoggedRequest recorded() {
    List<LoggedRequest> requests = meta.findAll(postRequestedFor(urlPathEqualTo(MESSAGES)));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  private static JsonNode recordedConformingBody() throws Exception {
    LoggedRequest request = recorded();
    assertThat(contract.validate(request)).as("contract problems").isEmpty();
    return JSON.readTree(request.getBodyAsString());
  }
}
