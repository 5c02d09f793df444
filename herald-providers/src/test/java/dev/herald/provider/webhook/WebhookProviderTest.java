package dev.herald.provider.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.core.error.ConfigurationException;
import dev.herald.core.message.Category;
import dev.herald.core.message.Channel;
import dev.herald.core.message.Content;
import dev.herald.core.message.Direction;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.Priority;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.ChannelProviderFactory;
import dev.herald.core.provider.DeliveryOutcome.Accepted;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import dev.herald.core.provider.ProviderConfig;
import dev.herald.core.provider.ProviderContext;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Contract test against a WireMock receiver that checks what the Standard Webhooks specification
 * requires of a sender: a JSON POST with webhook-id, webhook-timestamp and a v1 webhook-signature
 * over {@code id.timestamp.body}, keyed with the decoded whsec_ secret.
 */
class WebhookProviderTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:16:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
  private static final String ID = "0195f3a2-7c1d-7e4b-9a60-3f1c2d4e5f60";

  private WireMockServer receiver;

  @BeforeEach
  void start() {
    receiver = new WireMockServer(options().dynamicPort());
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop();
  }

  private static ChannelProvider provider(Map<String, String> overrides) {
    Map<String, String> config = new HashMap<>(Map.of("secret", SECRET, "timeout", "2s"));
    config.putAll(overrides);
    return new WebhookFactory().create(new ProviderContext(
        new ProviderConfig("webhook", config), CLOCK, r -> null, null, "https://herald.example.com"));
  }

  private static ChannelProvider provider() {
    return provider(Map.of());
  }

  private static Message hook(String to) {
    Instant created = Instant.parse("2026-03-01T10:15:30Z");
    return new Message(ID, "tenant-1", Channel.WEBHOOK, Direction.OUTBOUND, to, "orders", new Content("Order 42 shipped", "Shipped", null),
        Category.TRANSACTIONAL, Priority.NORMAL, null, null, Map.of("order", "42", "carrier", "dhl"), null, null, null,
        MessageStatus.SENDING, 1, 5, created, null, null, null, null, null, null, created, created, null);
  }

  private String url() {
    return receiver.baseUrl() + "/hooks/orders";
  }

  @Test
  void deliveryIsSignedJsonThatTheReceiverCanVerify() throws Exception {
    receiver.stubFor(post(urlEqualTo("/hooks/orders"))
        .withHeader("Content-Type", equalTo("application/json"))
        .withHeader("webhook-id", equalTo(ID))
        .withHeader("webhook-timestamp", equalTo(String.valueOf(NOW.getEpochSecond())))
        .withHeader("webhook-signature", matching("v1,[A-Za-z0-9+/]{43}="))
        .withRequestBody(equalToJson("{\"id\":\"" + ID + "\",\"channel\":\"webhook\",\"to\":\"" + url() + "\","
            + "\"from\":\"orders\",\"body\":\"Order 42 shipped\",\"subject\":\"Shipped\","
            + "\"metadata\":{\"order\":\"42\",\"carrier\":\"dhl\"},\"created_at\":\"2026-03-01T10:15:30Z\"}"))
        .willReturn(aResponse().withStatus(200)));

    var outcome = provider().send(hook(url()));

    assertThat(outcome).isEqualTo(new Accepted(ID, null, null, 200, true));
    LoggedRequest sent = receiver.findAll(postRequestedFor(urlEqualTo("/hooks/orders"))).get(0);
    String timestamp = sent.getHeader("webhook-timestamp");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    mac.update((ID + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    String independent = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(sent.getBody()));
    assertThat(sent.getHeader("webhook-signature")).isEqualTo(independent);
    assertThat(new StandardWebhookSignature(SECRET).verify(sent.getHeader("webhook-id"), timestamp, sent.getBody(),
        sent.getHeader("webhook-signature"), NOW, Duration.ofMinutes(5)).isValid()).isTrue();
  }

  @Test
  void noContentAnswerIsAccepted() {
    receiver.stubFor(post(urlEqualTo("/hooks/orders")).willReturn(aResponse().withStatus(204)));

    assertThat(provider().send(hook(url()))).isEqualTo(new Accepted(ID, null, null, 204, true));
  }

  @Test
  void unavailableReceiverIsTransientAndHonoursRetryAfterSeconds() {
    receiver.stubFor(post(urlEqualTo("/hooks/orders")).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "120")));

    assertThat(provider().send(hook(url()))).isEqualTo(
        new TransientFailure("http_503", "webhook receiver answered HTTP 503", Duration.ofSeconds(120), 503));
  }

  @Test
  void rateLimitedReceiverIsTransientAndHonoursRetryAfterDate() {
    receiver.stubFor(post(urlEqualTo("/hooks/orders"))
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "Sun, 01 Mar 2026 10:18:00 GMT")));

    assertThat(provider().send(hook(url()))).isInstanceOfSatisfying(TransientFailure.class,
        f -> assertThat(f.retryAfter()).isEqualTo(Duration.ofMinutes(2)));
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 500, 502, 504})
  void timeoutAndServerErrorAnswersAreTransient(int status) {
    receiver.stubFor(post(urlEqualTo("/hooks/orders")).willReturn(aResponse().withStatus(status)));

    assertThat(provider().send(hook(url()))).isInstanceOfSatisfying(TransientFailure.class, f -> {
      assertThat(f.code()).isEqualTo("http_" + status);
      assertThat(f.httpStatus()).isEqualTo(status);
    });
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 410, 422})
  void otherClientErrorsArePermanent(int status) {
    receiver.stubFor(post(urlEqualTo("/hooks/orders")).willReturn(aResponse().withStatus(status)));

    assertThat(provider().send(hook(url()))).isInstanceOfSatisfying(PermanentFailure.class,
        f -> assertThat(f.code()).isEqualTo("http_" + status));
  }

  @Test
  void redirectIsNotFollowedAndIsPermanent() {
    receiver.stubFor(post(urlEqualTo("/hooks/orders"))
        .willReturn(aResponse().withStatus(301).withHeader("Location", "https://elsewhere.example.com/hook")));

    assertThat(provider().send(hook(url()))).isInstanceOfSatisfying(PermanentFailure.class,
        f -> assertThat(f.reason()).contains("elsewhere.example.com").contains("update the URL"));
    assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/hooks/orders")))).hasSize(1);
  }

  @Test
  void slowReceiverPastTheTimeoutIsTransient() {
    receiver.stubFor(post(urlEqualTo("/hooks/orders")).willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));

    assertThat(provider(Map.of("timeout", "200ms")).send(hook(url())))
        .isInstanceOfSatisfying(TransientFailure.class, f -> assertThat(f.code()).isEqualTo("timeout"));
  }

  @Test
  void refusedConnectionIsTransient() throws Exception {
    int closedPort;
    try (var probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    assertThat(provider().send(hook("http://127.0.0.1:" + closedPort + "/hook")))
        .isInstanceOfSatisfying(TransientFailure.class, f -> assertThat(f.code()).isEqualTo("network"));
  }

  @Test
  void recipientThatIsNotAnHttpUrlIsPermanent() {
    assertThat(provider().send(hook("ftp://example.com/x")))
        .isInstanceOfSatisfying(PermanentFailure.class, f -> assertThat(f.code()).isEqualTo("invalid_url"));
    assertThat(provider().send(hook("not a url")))
        .isInstanceOfSatisfying(PermanentFailure.class, f -> assertThat(f.code()).isEqualTo("invalid_url"));
  }

  @Test
  void secretIsRequiredAndMustBeAStandardWebhooksSecret() {
    assertThatThrownBy(() -> WebhookSettings.from(new ProviderConfig("webhook", Map.of())))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("webhook.secret");
    assertThatThrownBy(() -> WebhookSettings.from(new ProviderConfig("webhook", Map.of("secret", "whsec_%%%"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("webhook.secret");
    assertThatThrownBy(() -> WebhookSettings.from(new ProviderConfig("webhook", Map.of("secret", "whsec_c2hvcnQ="))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("webhook.secret").hasMessageContaining("24 to 64");
    assertThat(WebhookSettings.from(new ProviderConfig("webhook", Map.of("secret", SECRET))).timeout()).hasSeconds(10);
  }

  @Test
  void providerHasNoWebhookReceiver() {
    assertThat(provider().webhookReceiver()).isNull();
  }

  @Test
  void factoryIsFoundByServiceLoader() {
    assertThat(ServiceLoader.load(ChannelProviderFactory.class).stream()
        .map(ServiceLoader.Provider::get).map(ChannelProviderFactory::id))
        .contains("webhook");
  }
}
