package dev.herald.provider.vonage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.herald.provider.vonage.SmsMessages.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.herald.core.error.ConfigurationException;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.ChannelProviderFactory;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.Accepted;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import dev.herald.core.provider.ProviderConfig;
import dev.herald.core.provider.ProviderContext;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Contract test against a WireMock server answering as Vonage's SMS API documents. There is no
 * Vonage OpenAPI document in {@code shared/contracts}, so the request shape is pinned by WireMock
 * request matchers on the documented form fields (https://developer.vonage.com/en/api/sms: api_key,
 * api_secret, from, to, text, type, callback, client-ref); the response bodies follow the
 * documented example ({@code message-count}, {@code messages[].status/message-id/message-price}).
 */
class VonageProviderTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:16:00Z"), ZoneOffset.UTC);
  private static final String ID = "0195f3a2-7c1d-7e4b-9a60-3f1c2d4e5f60";
  private static final String CALLBACK = "https://herald.example.com/webhooks/vonage/status";

  private WireMockServer vonage;

  @BeforeEach
  void start() {
    vonage = new WireMockServer(options().dynamicPort());
    vonage.start();
  }

  @AfterEach
  void stop() {
    vonage.stop();
  }

  private ChannelProvider provider(Map<String, String> overrides) {
    Map<String, String> config = new HashMap<>(Map.of(
        "api_key", "abcd1234", "api_secret", "s3cr3t", "from", "HERALD",
        "base_url", vonage.baseUrl(), "timeout", "2s"));
    config.putAll(overrides);
    return new VonageFactory().create(new ProviderContext(
        new ProviderConfig("vonage", config), CLOCK, r -> null, null, "https://herald.example.com"));
  }

  private ChannelProvider provider() {
    return provider(Map.of());
  }

  private static MappingBuilder smsJson() {
    return post(urlEqualTo("/sms/json"))
        .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
        .withFormParam("api_key", equalTo("abcd1234"))
        .withFormParam("api_secret", equalTo("s3cr3t"));
  }

  private static String answer(String status, String extra) {
    return "{\"message-count\":\"1\",\"messages\":[{\"to\":\"447700900000\",\"status\":\"" + status + "\"" + extra + "}]}";
  }

  @Test
  void sendPostsTheDocumentedFieldsAndAcceptanceCarriesIdAndPrice() {
    vonage.stubFor(smsJson()
        .withFormParam("from", equalTo("HERALD"))
        .withFormParam("to", equalTo("447700900000"))
        .withFormParam("text", equalTo("Your code is 123456"))
        .withFormParam("type", equalTo("text"))
        .withFormParam("callback", equalTo(CALLBACK))
        .withFormParam("client-ref", equalTo(ID))
        .willReturn(okJson(answer("0", ",\"message-id\":\"0C000000217B7F02\",\"remaining-balance\":\"15.53590000\","
            + "\"message-price\":\"0.03330000\",\"network\":\"23410\""))));

    DeliveryOutcome outcome = provider().send(sms(ID, "+447700900000", null, "Your code is 123456"));

    assertThat(outcome).isEqualTo(new Accepted("0C000000217B7F02", new BigDecimal("0.03330000"), "EUR", 200));
    vonage.verify(1, postRequestedFor(urlEqualTo("/sms/json")).withHeader("Accept", equalTo("application/json")));
  }

  @Test
  void textOutsideTheGsmAlphabetIsSentAsUnicode() {
    vonage.stubFor(smsJson().withFormParam("type", equalTo("unicode")).withFormParam("text", equalTo("Привет 👋"))
        .willReturn(okJson(answer("0", ",\"message-id\":\"0C01\",\"message-price\":\"0.05\""))));

    assertThat(provider().send(sms(ID, "+447700900000", null, "Привет 👋"))).isInstanceOf(Accepted.class);
  }

  @Test
  void gsmExtensionCharactersStayPlainText() {
    vonage.stubFor(smsJson().withFormParam("type", equalTo("text"))
        .willReturn(okJson(answer("0", ",\"message-id\":\"0C02\",\"message-price\":\"0.05\""))));

    assertThat(provider().send(sms(ID, "+447700900000", null, "Total: 5€ [paid] {ok} ~ä|ñ^"))).isInstanceOf(Accepted.class);
  }

  @Test
  void messageSenderWinsOverConfiguredSenderAndLosesItsPlus() {
    vonage.stubFor(smsJson().withFormParam("from", equalTo("14155550100"))
        .willReturn(okJson(answer("0", ",\"message-id\":\"0C03\",\"message-price\":\"0.01\""))));

    assertThat(provider().send(sms(ID, "+447700900000", "+14155550100", "hi"))).isInstanceOf(Accepted.class);
  }

  @Test
  void concatenatedMessageCostsTheSumOfItsPartsAndIsKnownByTheFirstPart() {
    vonage.stubFor(smsJson().willReturn(okJson("{\"message-count\":\"2\",\"messages\":["
        + "{\"status\":\"0\",\"message-id\":\"PART1\",\"message-price\":\"0.0333\"},"
        + "{\"status\":\"0\",\"message-id\":\"PART2\",\"message-price\":\"0.0333\"}]}")));

    var outcome = provider(Map.of("currency", "usd")).send(sms(ID, "+447700900000", null, "x".repeat(200)));

    assertThat(outcome).isEqualTo(new Accepted("PART1", new BigDecimal("0.0666"), "USD", 200));
  }

  @Test
  void throttledStatusOneIsTransient() {
    vonage.stubFor(smsJson().willReturn(okJson(answer("1", ",\"error-text\":\"Throughput Rate Exceeded\""))));

    assertThat(provider().send(sms(ID, "+447700900000", null, "hi"))).isInstanceOfSatisfying(TransientFailure.class, f -> {
      assertThat(f.code()).isEqualTo("1");
      assertThat(f.reason()).contains("Throughput Rate Exceeded");
      assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    });
  }

  @Test
  void internalErrorStatusFiveIsTransient() {
    vonage.stubFor(smsJson().willReturn(okJson(answer("5", ",\"error-text\":\"Internal Error\""))));

    assertThat(provider().send(sms(ID, "+447700900000", null, "hi")))
        .isInstanceOfSatisfying(TransientFailure.class, f -> assertThat(f.code()).isEqualTo("5"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", "3", "4", "6", "7", "8", "9", "15", "29"})
  void documentedPermanentStatusesArePermanentFailures(String status) {
    vonage.stubFor(smsJson().willReturn(okJson(answer(status, ",\"error-text\":\"rejected by test\""))));

    assertThat(provider().send(sms(ID, "+447700900000", null, "hi"))).isInstanceOfSatisfying(PermanentFailure.class, f -> {
      assertThat(f.code()).isEqualTo(status);
      assertThat(f.reason()).contains("rejected by test");
      assertThat(f.httpStatus()).isEqualTo(200);
    });
  }

  @Test
  void serverErrorIsTransientAndHonoursRetryAfter() {
    vonage.stubFor(smsJson().willReturn(aResponse().withStatus(503).withHeader("Retry-After", "30")));

    assertThat(provider().send(sms(ID, "+447700900000", null, "hi"))).isEqualTo(
        new TransientFailure("http_503", "Vonage answered HTTP 503", Duration.ofSeconds(30), 503));
  }

  @Test
  void tooManyRequestsIsTransient() {
    vonage.stubFor(smsJson().willReturn(aResponse().withStatus(429)));

    assertThat(provider().send(sms(ID, "+447700900000", null, "hi")))
        .isInstanceOfSatisfying(TransientFailure.class, f -> assertThat(f.httpStatus()).isEqualTo(429));
  }

  @Test
  void unauthorizedHttpAnswerIsPermanent() {
    vonage.stubFor(smsJson().willReturn(aResponse().withStatus(401).withBody("{\"type\":\"unauthorized\"}")));

    assertThat(provider().send(sms(ID, "+447700900000", null, "hi")))
        .isInstanceOfSatisfying(PermanentFailure.class, f -> assertThat(f.code()).isEqualTo("http_401"));
  }

  @Test
  void slowAnswerPastTheTimeoutIsTransient() {
    vonage.stubFor(smsJson().willReturn(okJson(answer("0", ",\"message-id\":\"late\"")).withFixedDelay(2_000)));

    assertThat(provider(Map.of("timeout", "200ms")).send(sms(ID, "+447700900000", null, "hi")))
        .isInstanceOfSatisfying(TransientFailure.class, f -> assertThat(f.code()).isEqualTo("timeout"));
  }

  @Test
  void refusedConnectionIsTransient() throws Exception {
    int closedPort;
    try (var probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    assertThat(provider(Map.of("base_url", "http://127.0.0.1:" + closedPort)).send(sms(ID, "+447700900000", null, "hi")))
        .isInstanceOfSatisfying(TransientFailure.class, f -> assertThat(f.code()).isEqualTo("network"));
  }

  @Test
  void unreadableSuccessBodyIsTransient() {
    vonage.stubFor(smsJson().willReturn(okJson("<html>gateway</html>")));

    assertThat(provider().send(sms(ID, "+447700900000", null, "hi")))
        .isInstanceOfSatisfying(TransientFailure.class, f -> assertThat(f.code()).isEqualTo("unreadable_response"));
  }

  @Test
  void recipientThatIsNotE164IsPermanentWithoutCallingVonage() {
    assertThat(provider().send(sms(ID, "07700 900000", null, "hi")))
        .isInstanceOfSatisfying(PermanentFailure.class, f -> assertThat(f.code()).isEqualTo("invalid_recipient"));
    vonage.verify(0, postRequestedFor(urlEqualTo("/sms/json")));
  }

  @Test
  void missingSenderIsPermanent() {
    Map<String, String> noFrom = new HashMap<>();
    noFrom.put("from", "");
    assertThat(provider(noFrom).send(sms(ID, "+447700900000", null, "hi")))
        .isInstanceOfSatisfying(PermanentFailure.class, f -> assertThat(f.reason()).contains("vonage.from"));
  }

  @Test
  void invalidConfigurationNamesTheKey() {
    assertThatThrownBy(() -> VonageSettings.from(new ProviderConfig("vonage", Map.of("api_secret", "s"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("vonage.api_key");
    assertThatThrownBy(() -> VonageSettings.from(new ProviderConfig("vonage",
        Map.of("api_key", "k", "api_secret", "s", "signature_method", "crc32"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("vonage.signature_method");
    assertThatThrownBy(() -> VonageSettings.from(new ProviderConfig("vonage",
        Map.of("api_key", "k", "api_secret", "s", "currency", "euros"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("vonage.currency");
    assertThatThrownBy(() -> VonageSettings.from(new ProviderConfig("vonage",
        Map.of("api_key", "k", "api_secret", "s", "base_url", "ftp://x"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("vonage.base_url");
  }

  @Test
  void defaultsPointAtRestNexmoComWithSha256AndEuro() {
    var s = VonageSettings.from(new ProviderConfig("vonage", Map.of("api_key", "k", "api_secret", "s")));

    assertThat(s.baseUrl()).isEqualTo("https://rest.nexmo.com");
    assertThat(s.signatureMethod()).isEqualTo(VonageSignatureMethod.SHA256);
    assertThat(s.currency()).isEqualTo("EUR");
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void factoryIsFoundByServiceLoader() {
    assertThat(ServiceLoader.load(ChannelProviderFactory.class).stream()
        .map(ServiceLoader.Provider::get).map(ChannelProviderFactory::id))
        .contains("vonage");
  }
}
