package dev.herald.provider.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.herald.provider.twilio.TwilioFixtures.ACCOUNT_SID;
import static dev.herald.provider.twilio.TwilioFixtures.AUTH_TOKEN;
import static dev.herald.provider.twilio.TwilioFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.core.message.Channel;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.Accepted;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code twilio_voice} provider against a WireMock Twilio that answers as Twilio's docs and OpenAPI say. */
class TwilioVoiceContractTest {
  private static final String CALLS_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls.json";
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
    provider = new TwilioVoiceFactory().create(TwilioFixtures.context("twilio_voice", Map.of(
        "account_sid", ACCOUNT_SID, "auth_token", AUTH_TOKEN, "from", FROM, "base_url", twilio.baseUrl(),
        "voice", "Polly.Joanna", "language", "en-US")));
  }

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  private void answer(int status, String body, Map<String, String> headers) {
    var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    headers.forEach(response::withHeader);
    twilio.stubFor(post(urlEqualTo(CALLS_PATH)).willReturn(response));
  }

  private LoggedRequest onlyRequest() {
    List<LoggedRequest> requests = twilio.findAll(postRequestedFor(urlEqualTo(CALLS_PATH)));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  @Test
  void callRequestMatchesTheCallsContract() {
    answer(201, TwilioApiContract.createdExample(TwilioApiContract.CALLS).toString(), Map.of());

    provider.send(message(Channel.VOICE, TO, null, "Your code is <1 2 3> & \"4\"", Map.of()));

    LoggedRequest request = onlyRequest();
    assertThat(TwilioApiContract.problems(TwilioApiContract.validate(TwilioApiContract.CALLS, request))).isEmpty();
    assertThat(request.formParameter("To").firstValue()).isEqualTo(TO);
    assertThat(request.formParameter("From").firstValue()).isEqualTo(FROM);
    assertThat(request.formParameter("Twiml").firstValue()).isEqualTo("<Response><Say voice=\"Polly.Joanna\" "
        + "language=\"en-US\">Your code is &lt;1 2 3&gt; &amp; &quot;4&quot;</Say></Response>");
    assertThat(request.formParameter("StatusCallback").firstValue()).isEqualTo(TwilioFixtures.statusUrl("twilio_voice"));
    assertThat(request.formParameter("StatusCallbackEvent").values())
        .containsExactly("initiated", "ringing", "answered", "completed");
  }

  @Test
  void createdCallIsAcceptedWithItsSid() {
    ObjectNode created = TwilioApiContract.createdExample(TwilioApiContract.CALLS);
    created.put("sid", "CA" + "2".repeat(32)).put("status", "queued").putNull("price").putNull("price_unit");
    assertThat(TwilioApiContract.problems(
        TwilioApiContract.validateResponse(TwilioApiContract.CALLS, 201, created.toString()))).isEmpty();
    answer(201, created.toString(), Map.of());

    DeliveryOutcome outcome = provider.send(message(Channel.VOICE, TO, null, "hello", Map.of()));

    assertThat(outcome).isEqualTo(new Accepted("CA" + "2".repeat(32), null, null, 201));
  }

  @Test
  void serverErrorIsTransient() {
    answer(500, "{\"code\": 20500, \"message\": \"Internal Server Error\", \"status\": 500}", Map.of());

    DeliveryOutcome outcome = provider.send(message(Channel.VOICE, TO, null, "hello", Map.of()));

    assertThat(outcome).isInstanceOfSatisfying(TransientFailure.class, t -> assertThat(t.httpStatus()).isEqualTo(500));
  }

  @Test
  void throttledCallIsTransientAndHonoursRetryAfter() {
    answer(429, "{\"code\": 20429, \"message\": \"Too Many Requests\", \"status\": 429}", Map.of("Retry-After", "7"));

    DeliveryOutcome outcome = provider.send(message(Channel.VOICE, TO, null, "hello", Map.of()));

    assertThat(outcome).isInstanceOfSatisfying(TransientFailure.class,
        t -> assertThat(t.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
  }

  @Test
  void invalidToNumberIsPermanentFailure() {
    answer(400, "{\"code\": 21211, \"message\": \"The 'To' number 123 is not a valid phone number.\", "
        + "\"more_info\": \"https://www.twilio.com/docs/errors/21211\", \"status\": 400}", Map.of());

    DeliveryOutcome outcome = provider.send(message(Channel.VOICE, "123", null, "hello", Map.of()));

    assertThat(outcome).isInstanceOfSatisfying(PermanentFailure.class, p -> assertThat(p.code()).isEqualTo("21211"));
  }

  @Test
  void textTooLongForInlineTwimlFailsWithoutCallingTwilio() {
    DeliveryOutcome outcome = provider.send(message(Channel.VOICE, TO, null, "&".repeat(900), Map.of()));

    assertThat(outcome).isInstanceOfSatisfying(PermanentFailure.class,
        p -> assertThat(p.code()).isEqualTo("twiml_too_long"));
    assertThat(twilio.getAllServeEvents()).isEmpty();
  }
}
