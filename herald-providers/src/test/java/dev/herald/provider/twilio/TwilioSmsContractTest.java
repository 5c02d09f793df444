package dev.herald.provider.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.herald.provider.twilio.TwilioFixtures.ACCOUNT_SID;
import static dev.herald.provider.twilio.TwilioFixtures.AUTH_TOKEN;
import static dev.herald.provider.twilio.TwilioFixtures.SERVICE_SID;
import static dev.herald.provider.twilio.TwilioFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.model.SimpleRequest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.core.message.Channel;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.Accepted;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code twilio} SMS provider against a WireMock Twilio that answers as Twilio's docs and OpenAPI say. */
class TwilioSmsContractTest {
  private static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
  private static final String TO = "+14155552345";
  private static final String FROM = "+15017122661";
  private static WireMockServer twilio;

  private ChannelProvider provider;

  @BeforeAll
  static void startTwilio() {
    twilio = new WireMockServer(options().dynamicPort());
    twilio.start();
  }

  @AfterAll
  static void stopTwilio() {
    twilio.stop();
  }

  @BeforeEach
  void createProvider() {
    twilio.resetAll();
    provider = create(Map.of());
  }

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  private ChannelProvider create(Map<String, String> overrides) {
    Map<String, String> config = new HashMap<>(Map.of("account_sid", ACCOUNT_SID, "auth_token", AUTH_TOKEN,
        "from", FROM, "base_url", twilio.baseUrl()));
    config.putAll(overrides);
    config.values().removeIf(String::isEmpty);
    return new TwilioSmsFactory().create(TwilioFixtures.context("twilio", config));
  }

  private void answer(int status, String body, Map<String, String> headers) {
    var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    headers.forEach(response::withHeader);
    twilio.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(response));
  }

  private void answerCreated(ObjectNode message) {
    answer(201, message.toString(), Map.of());
  }

  private LoggedRequest onlyRequest() {
    List<LoggedRequest> requests = twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  @Test
  void mmsRequestMatchesTheMessagesContract() {
    answerCreated(TwilioApiContract.createdExample(TwilioApiContract.MESSAGES));

    provider.send(message(Channel.SMS, TO, null, "Your code is 1234 & more",
        Map.of("media_urls", "https://example.com/a.png, https://example.com/b.jpg")));

    LoggedRequest request = onlyRequest();
    assertThat(TwilioApiContract.problems(TwilioApiContract.validate(TwilioApiContract.MESSAGES, request))).isEmpty();
    assertThat(request.formParameter("To").firstValue()).isEqualTo(TO);
    assertThat(request.formParameter("From").firstValue()).isEqualTo(FROM);
    assertThat(request.formParameter("Body").firstValue()).isEqualTo("Your code is 1234 & more");
    assertThat(request.formParameter("MediaUrl").values()).containsExactly("https://example.com/a.png", "https://example.com/b.jpg");
    assertThat(request.formParameter("StatusCallback").firstValue()).isEqualTo(TwilioFixtures.statusUrl("twilio"));
    assertThat(request.getHeader("Authorization")).isEqualTo(basic(ACCOUNT_SID, AUTH_TOKEN));
  }

  @Test
  void messagingServiceRequestMatchesTheMessagesContract() {
    provider.close();
    provider = create(Map.of("from", "", "messaging_service_sid", SERVICE_SID));
    answerCreated(TwilioApiContract.createdExample(TwilioApiContract.MESSAGES));

    provider.send(message(Channel.SMS, TO, null, "hello", Map.of()));

    LoggedRequest request = onlyRequest();
    assertThat(TwilioApiContract.problems(TwilioApiContract.validate(TwilioApiContract.MESSAGES, request))).isEmpty();
    assertThat(request.formParameter("MessagingServiceSid").firstValue()).isEqualTo(SERVICE_SID);
    assertThat(request.formParameters()).doesNotContainKey("From");
  }

  @Test
  void messagesOwnSenderWinsOverTheConfiguredOne() {
    answerCreated(TwilioApiContract.createdExample(TwilioApiContract.MESSAGES));

    provider.send(message(Channel.SMS, TO, "+15005550006", "hello", Map.of()));

    assertThat(onlyRequest().formParameter("From").firstValue()).isEqualTo("+15005550006");
  }

  @Test
  void apiKeyCredentialsAuthenticateTheRequest() {
    provider.close();
    String keySid = "SK" + "b".repeat(32);
    provider = create(Map.of("auth_token", "", "api_key_sid", keySid, "api_key_secret", "s3cret"));
    answerCreated(TwilioApiContract.createdExample(TwilioApiContract.MESSAGES));

    provider.send(message(Channel.SMS, TO, null, "hello", Map.of()));

    LoggedRequest request = onlyRequest();
    assertThat(request.getHeader("Authorization")).isEqualTo(basic(keySid, "s3cret"));
    assertThat(request.formParameters()).as("no token to verify callbacks with").doesNotContainKey("StatusCallback");
    assertThat(provider.webhookReceiver()).isNull();
  }

  @Test
  void contractCheckRejectsRequestsTwilioWouldRefuse() {
    assertThat(problemsOf(basic(ACCOUNT_SID, AUTH_TOKEN), "From=%2B15017122661&Body=hi"))
        .as("no To").anySatisfy(p -> assertThat(p).contains("To"));
    assertThat(problemsOf(basic(ACCOUNT_SID, AUTH_TOKEN), "To=%2B14155552345&Body=hi&MessagingServiceSid=MG1"))
        .as("malformed MessagingServiceSid").anySatisfy(p -> assertThat(p).contains("MessagingServiceSid"));
    assertThat(problemsOf(basic(ACCOUNT_SID, AUTH_TOKEN), "To=%2B14155552345&To=%2B14155552346&Body=hi"))
        .as("To twice").isNotEmpty();
    assertThat(problemsOf(basic(ACCOUNT_SID, AUTH_TOKEN), "To=%2B14155552345&Body=hi&Colour=red"))
        .as("a parameter Twilio does not define").anySatisfy(p -> assertThat(p).contains("Colour"));
    assertThat(problemsOf(null, "To=%2B14155552345&From=%2B15017122661&Body=hi"))
        .as("no Basic credentials").isNotEmpty();
    assertThat(problemsOf(basic(ACCOUNT_SID, AUTH_TOKEN), "To=%2B14155552345&From=%2B15017122661&Body=hi"))
        .as("a good request").isEmpty();
  }

  private static List<String> problemsOf(String authorization, String body) {
    SimpleRequest.Builder request = SimpleRequest.Builder.post(MESSAGES_PATH)
        .withContentType("application/x-www-form-urlencoded").withBody(body);
    if (authorization != null) {
      request.withAuthorization(authorization);
    }
    return TwilioApiContract.problems(TwilioApiContract.validate(TwilioApiContract.MESSAGES, request.build()));
  }

  @Test
  void createdMessageIsAcceptedWithItsSid() {
    ObjectNode created = TwilioApiContract.createdExample(TwilioApiContract.MESSAGES);
    created.put("sid", "SM" + "1".repeat(32));
    assertThat(TwilioApiContract.problems(
        TwilioApiContract.validateResponse(TwilioApiContract.MESSAGES, 201, created.toString()))).isEmpty();
    answerCreated(created);

    DeliveryOutcome outcome = provider.send(message(Channel.SMS, TO, null, "hello", Map.of()));

    assertThat(outcome).isEqualTo(new Accepted("SM" + "1".repeat(32), null, null, 201));
  }

  @Test
  void createdAnswerWithUnreadableBodyIsStillAcceptedSoItIsNotSentTwice() {
    answer(201, "<html>created</html>", Map.of());

    DeliveryOutcome outcome = provider.send(message(Channel.SMS, TO, null, "hello", Map.of()));

    assertThat(outcome).isEqualTo(new Accepted(null, null, null, 201));
  }

  @Test
  void pricedMessageCostIsStoredAsAPositiveAmount() {
    ObjectNode created = TwilioApiContract.createdExample(TwilioApiContract.MESSAGES);
    created.put("price", "-0.00790").put("price_unit", "USD");
    answerCreated(created);

    Accepted outcome = (Accepted) provider.send(message(Channel.SMS, TO, null, "hello", Map.of()));

    assertThat(outcome.cost()).isEqualByComparingTo(new BigDecimal("0.00790"));
    assertThat(outcome.currency()).isEqualTo("USD");
  }

  @Test
  void serviceUnavailableIsTransient() {
    answer(503, "{\"code\": 20500, \"message\": \"Internal Server Error\", \"more_info\": "
        + "\"https://www.twilio.com/docs/errors/20500\", \"status\": 503}", Map.of());

    DeliveryOutcome outcome = provider.send(message(Channel.SMS, TO, null, "hello", Map.of()));

    assertThat(outcome).isInstanceOfSatisfying(TransientFailure.class, t -> {
      assertThat(t.httpStatus()).isEqualTo(503);
      assertThat(t.code()).isEqualTo("20500");
    });
  }

  @Test
  void tooManyRequestsIsTransientAndHonoursRetryAfter() {
    answer(429, "{\"code\": 20429, \"message\": \"Too Many Requests\", \"more_info\": "
        + "\"https://www.twilio.com/docs/errors/20429\", \"status\": 429}", Map.of("Retry-After", "7"));

    DeliveryOutcome outcome = provider.send(message(Channel.SMS, TO, null, "hello", Map.of()));

    assertThat(outcome).isEqualTo(new TransientFailure("20429",
        "Too Many Requests (https://www.twilio.com/docs/errors/20429)", Duration.ofSeconds(7), 429));
  }

  @Test
  void invalidToNumberIsPermanentFailure() {
    answer(400, "{\"code\": 21211, \"message\": \"The 'To' number +1415555 is not a valid phone number.\", "
        + "\"more_info\": \"https://www.twilio.com/docs/errors/21211\", \"status\": 400}", Map.of());

    DeliveryOutcome outcome = provider.send(message(Channel.SMS, "+1415555", null, "hello", Map.of()));

    assertThat(outcome).isInstanceOfSatisfying(PermanentFailure.class, p -> {
      assertThat(p.code()).isEqualTo("21211");
      assertThat(p.httpStatus()).isEqualTo(400);
      assertThat(p.reason()).contains("not a valid phone number");
      assertThat(p.recipientOptedOut()).isFalse();
    });
  }

  @Test
  void unsubscribedRecipientIsPermanentAndMarksTheOptOut() {
    answer(400, "{\"code\": 21610, \"message\": \"Attempt to send to unsubscribed recipient\", "
        + "\"more_info\": \"https://www.twilio.com/docs/errors/21610\", \"status\": 400}", Map.of());

    DeliveryOutcome outcome = provider.send(message(Channel.SMS, TO, null, "hello", Map.of()));

    assertThat(outcome).isInstanceOfSatisfying(PermanentFailure.class, p -> {
      assertThat(p.code()).isEqualTo("21610");
      assertThat(p.recipientOptedOut()).isTrue();
    });
  }

  @Test
  void slowAnswerIsTransientTimeout() {
    provider.close();
    provider = create(Map.of("timeout", "150ms"));
    twilio.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(201)
        .withBody(TwilioApiContract.createdExample(TwilioApiContract.MESSAGES).toString()).withFixedDelay(1_000)));

    DeliveryOutcome outcome = provider.send(message(Channel.SMS, TO, null, "hello", Map.of()));

    assertThat(outcome).isInstanceOfSatisfying(TransientFailure.class, t -> assertThat(t.code()).isEqualTo("timeout"));
  }

  @Test
  void unreachableTwilioIsTransient() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    provider.close();
    provider = create(Map.of("base_url", "http://127.0.0.1:" + closedPort));

    DeliveryOutcome outcome = provider.send(message(Channel.SMS, TO, null, "hello", Map.of()));

    assertThat(outcome).isInstanceOfSatisfying(TransientFailure.class, t -> {
      assertThat(t.code()).isEqualTo("io_error");
      assertThat(t.httpStatus()).isZero();
    });
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
