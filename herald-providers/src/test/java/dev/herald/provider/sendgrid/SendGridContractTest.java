package dev.herald.provider.sendgrid;

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
import dev.herald.provider.contract.HeaderInjections;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The provider against a WireMock Mail Send API that answers as SendGrid documents it; every
 * recorded request is checked against SendGrid's Mail v3 OpenAPI contract.
 */
class SendGridContractTest {
  private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A real key's shape; the receiver is not exercised here. */
  static final String SOME_PUBLIC_KEY =
      "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==";

  private static WireMockServer sendgrid;
  private static OpenApi31RequestValidator contract;
  private SendGridProvider provider;

  @BeforeAll
  static void startSendGrid() {
    sendgrid = new WireMockServer(options().dynamicPort());
    sendgrid.start();
    contract = OpenApi31RequestValidator.load(OpenApi31RequestValidator.contract("sendgrid_mail_v3.json"));
  }

  @AfterAll
  static void stopSendGrid() {
    sendgrid.stop();
  }

  @BeforeEach
  void newProvider() {
    sendgrid.resetAll();
    provider = provider("10s");
  }

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  @Test
  void sendConformsToTheContractAndIsAcceptedWithTheXMessageId() throws Exception {
    answer(aResponse().withStatus(202).withHeader("X-Message-Id", "W86EgYT6SQKk0lRflfLRsA"));

    DeliveryOutcome outcome = provider.send(message(new Content("Your order shipped.", "Order #1042 shipped",
        "<p>Your order <b>shipped</b>.</p>"), Map.of("reply_to", "support@shop.example.com")));

    assertThat(outcome).isEqualTo(new Accepted("W86EgYT6SQKk0lRflfLRsA", null, null, 202));
    JsonNode body = recordedConformingBody();
    JsonNode personalization = body.path("personalizations").path(0);
    assertThat(personalization.path("to").path(0).path("email").asText()).isEqualTo("ada@example.com");
    assertThat(personalization.path("custom_args").path("herald_message_id").asText()).isEqualTo(MessageFixtures.MESSAGE_ID);
    assertThat(body.path("from").path("email").asText()).isEqualTo("orders@shop.example.com");
    assertThat(body.path("from").path("name").asText()).isEqualTo("Example Shop");
    assertThat(body.path("reply_to").path("email").asText()).isEqualTo("support@shop.example.com");
    assertThat(body.path("subject").asText()).isEqualTo("Order #1042 shipped");
    assertThat(body.path("content").findValuesAsText("type")).containsExactly("text/plain", "text/html");
    assertThat(recorded().getHeader("Authorization")).isEqualTo("Bearer SG.test-key");
  }

  @Test
  void marketingEmailCarriesTheOneClickUnsubscribeHeaders() throws Exception {
    answer(aResponse().withStatus(202).withHeader("X-Message-Id", "unsub-1"));

    provider.send(MessageFixtures.message(Channel.EMAIL, "ada@example.com", null, new Content("Sale!", "Spring sale", null),
        Map.of("list_unsubscribe", "https://herald.example.com/unsubscribe/tok123")));

    JsonNode headers = recordedConformingBody().path("headers");
    assertThat(headers.properties()).extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrder("List-Unsubscribe", "List-Unsubscribe-Post");
    assertThat(headers.path("List-Unsubscribe").asText()).isEqualTo("<https://herald.example.com/unsubscribe/tok123>");
    assertThat(headers.path("List-Unsubscribe-Post").asText()).isEqualTo("List-Unsubscribe=One-Click");
  }

  @Test
  void mailtoUnsubscribeIsSentWithoutTheOneClickPostHeader() throws Exception {
    answer(aResponse().withStatus(202).withHeader("X-Message-Id", "unsub-2"));

    provider.send(message(new Content("Sale!", "Spring sale", null), Map.of("list_unsubscribe", "mailto:leave@shop.example.com")));

    JsonNode headers = recordedConformingBody().path("headers");
    assertThat(headers.properties()).extracting(Map.Entry::getKey).containsExactly("List-Unsubscribe");
    assertThat(headers.path("List-Unsubscribe").asText()).isEqualTo("<mailto:leave@shop.example.com>");
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("dev.herald.provider.contract.HeaderInjections#cases")
  void headerValueWithCrLfOrNulIsPermanentWithoutCallingSendGrid(String field, String name, String ctl) {
    answer(aResponse().withStatus(202).withHeader("X-Message-Id", "never"));

    DeliveryOutcome outcome = provider.send(HeaderInjections.message(field, ctl));

    HeaderInjections.assertRefusedNaming(outcome, field);
    assertThat(sendgrid.getAllServeEvents()).isEmpty();
  }

  @Test
  void messageSenderOverridesTheDefaultWithoutItsName() throws Exception {
    answer(aResponse().withStatus(202).withHeader("X-Message-Id", "abc"));

    provider.send(MessageFixtures.message(Channel.EMAIL, "ada@example.com", "billing@shop.example.com",
        new Content("Invoice attached.", "Invoice", null), Map.of()));

    JsonNode from = recordedConformingBody().path("from");
    assertThat(from.path("email").asText()).isEqualTo("billing@shop.example.com");
    assertThat(from.has("name")).isFalse();
  }

  @Test
  void rateLimitIsTransientAndHonoursRetryAfter() {
    answer(errors(429, "too many requests").withHeader("Retry-After", "20"));

    assertThat(send()).isEqualTo(new TransientFailure("http_429", "too many requests", Duration.ofSeconds(20), 429));
  }

  @Test
  void rateLimitWithoutRetryAfterWaitsUntilTheRateLimitReset() {
    answer(errors(429, "too many requests").withHeader("X-RateLimit-Reset", String.valueOf(NOW.getEpochSecond() + 45)));

    assertThat(send()).isInstanceOfSatisfying(TransientFailure.class,
        t -> assertThat(t.retryAfter()).isEqualTo(Duration.ofSeconds(45)));
  }

  @Test
  void serviceUnavailableIsTransient() {
    answer(aResponse().withStatus(503).withBody("upstream connect error"));

    assertThat(send()).isInstanceOfSatisfying(TransientFailure.class, t -> {
      assertThat(t.code()).isEqualTo("http_503");
      assertThat(t.httpStatus()).isEqualTo(503);
    });
  }

  @Test
  void badRequestIsPermanentWithSendGridsErrorMessages() {
    answer(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(
        "{\"errors\":[{\"message\":\"The from email does not contain a valid address.\",\"field\":\"from.email\","
            + "\"help\":\"http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.from\"}]}"));

    assertThat(send()).isEqualTo(new PermanentFailure("http_400", "from.email: The from email does not contain a valid address.", 400));
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403, 413})
  void authorizationAndSizeErrorsArePermanent(int status) {
    answer(errors(status, "rejected"));

    assertThat(send()).isInstanceOfSatisfying(PermanentFailure.class, p -> assertThat(p.httpStatus()).isEqualTo(status));
  }

  @Test
  void slowAnswerPastTheTimeoutIsTransient() {
    provider.close();
    provider = provider("200ms");
    answer(aResponse().withStatus(202).withFixedDelay(1_000));

    assertThat(send()).isInstanceOfSatisfying(TransientFailure.class, t -> assertThat(t.code()).isEqualTo("timeout"));
  }

  @Test
  void emailWithoutSubjectIsPermanentWithoutCallingSendGrid() {
    DeliveryOutcome outcome = provider.send(message(Content.text("no subject"), Map.of()));

    assertThat(outcome).isInstanceOfSatisfying(PermanentFailure.class, p -> assertThat(p.code()).isEqualTo("missing_subject"));
    assertThat(sendgrid.getAllServeEvents()).isEmpty();
  }

  private SendGridProvider provider(String timeout) {
    return new SendGridProvider(SendGridSettings.from(new ProviderConfig("sendgrid", Map.of(
        "api_key", "SG.test-key", "from", "orders@shop.example.com", "from_name", "Example Shop",
        "base_url", sendgrid.baseUrl(), "webhook_public_key", SOME_PUBLIC_KEY, "timeout", timeout))), CLOCK);
  }

  private DeliveryOutcome send() {
    return provider.send(message(new Content("Hello", "Hi", null), Map.of()));
  }

  private static Message message(Content content, Map<String, String> metadata) {
    return MessageFixtures.message(Channel.EMAIL, "ada@example.com", null, content, metadata);
  }

  private static void answer(ResponseDefinitionBuilder response) {
    sendgrid.stubFor(post(urlPathEqualTo("/v3/mail/send")).willReturn(response));
  }

  private static ResponseDefinitionBuilder errors(int status, String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withBody("{\"errors\":[{\"message\":\"" + message + "\",\"field\":null}]}");
  }

  private static LoggedRequest recorded() {
    List<LoggedRequest> requests = sendgrid.findAll(postRequestedFor(urlPathEqualTo("/v3/mail/send")));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  private static JsonNode recordedConformingBody() throws Exception {
    LoggedRequest request = recorded();
    assertThat(contract.validate(request)).as("contract problems").isEmpty();
    return JSON.readTree(request.getBodyAsString());
  }
}
