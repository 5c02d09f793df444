package dev.herald.provider.vonage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.message.MessageStatus;
import dev.herald.core.provider.ProviderConfig;
import dev.herald.core.provider.ProviderContext;
import dev.herald.core.provider.StatusReport;
import dev.herald.core.provider.WebhookReceiver;
import dev.herald.core.provider.WebhookRequest;
import dev.herald.core.provider.WebhookResult;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VonageWebhookReceiverTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:20:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String SECRET = "dashboardSignatureSecret";
  private static final String HERALD_ID = "0195f3a2-7c1d-7e4b-9a60-3f1c2d4e5f60";
  private static final String BASE = "https://herald.example.com/webhooks/vonage/status";
  private static final String OTHER_ID = "0195f3a2-0000-7000-8000-000000000000";

  private static WebhookReceiver receiver(Map<String, String> overrides) {
    Map<String, String> config = new HashMap<>(Map.of("api_key", "abcd1234", "api_secret", "s3cr3t",
        "signature_secret", SECRET, "currency", "EUR"));
    config.putAll(overrides);
    return new VonageFactory().create(new ProviderContext(
        new ProviderConfig("vonage", config), CLOCK, r -> null, null, "https://herald.example.com")).webhookReceiver();
  }

  private static WebhookReceiver receiver() {
    return receiver(Map.of());
  }

  /** A delivery receipt with the fields Vonage documents, signed at {@code signedAt}. */
  private static Map<String, String> receipt(String status, String errCode, Instant signedAt) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("msisdn", "447700900000");
    p.put("to", "HERALD");
    p.put("network-code", "23410");
    p.put("messageId", "0C000000217B7F02");
    p.put("price", "0.03330000");
    p.put("status", status);
    p.put("scts", "2603011019");
    p.put("err-code", errCode);
    p.put("api-key", "abcd1234");
    p.put("client-ref", HERALD_ID);
    p.put("message-timestamp", "2026-03-01 10:19:58");
    p.put("timestamp", String.valueOf(signedAt.getEpochSecond()));
    p.put("nonce", "7a1f2c8e-5b0d-4b4e-9d4f-0c2d1e3f4a5b");
    return p;
  }

  /**
   * Signs as Vonage's "Signing Messages" page describes, written independently of the code under
   * test: sorted parameters, '&' and '=' in values replaced by '_', "&k=v" joined, HMAC-SHA256 hex.
   */
  private static Map<String, String> signedSha256(Map<String, String> params, String secret) throws Exception {
    String input = new TreeMap<>(params).entrySet().stream()
        .map(e -> "&" + e.getKey() + "=" + e.getValue().replaceAll("[&=]", "_"))
        .collect(Collectors.joining());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    Map<String, String> signed = new LinkedHashMap<>(params);
    signed.put("sig", HexFormat.of().withUpperCase().formatHex(mac.doFinal(input.getBytes(StandardCharsets.UTF_8))));
    return signed;
  }

  private static WebhookRequest get(Map<String, String> params, String extraQuery) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (extraQuery != null) {
      query.put("herald_message_id", List.of(extraQuery));
    }
    params.forEach((k, v) -> query.put(k, List.of(v)));
    String qs = query.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue().get(0), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return new WebhookRequest("GET", "status", BASE + "?" + qs, Map.of(), query, Map.of(), new byte[0], NOW);
  }

  private static WebhookRequest postForm(Map<String, String> params) {
    Map<String, List<String>> form = new LinkedHashMap<>();
    params.forEach((k, v) -> form.put(k, List.of(v)));
    String body = params.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return new WebhookRequest("POST", "status", BASE + "?herald_message_id=" + HERALD_ID,
        Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
        Map.of("herald_message_id", List.of(HERALD_ID)), form, body.getBytes(StandardCharsets.UTF_8), NOW);
  }

  private static WebhookRequest postJson(String json) {
    return new WebhookRequest("POST", "status", BASE + "?herald_message_id=" + HERALD_ID,
        Map.of("Content-Type", List.of("application/json")),
        Map.of("herald_message_id", List.of(HERALD_ID)), Map.of(), json.getBytes(StandardCharsets.UTF_8), NOW);
  }

  @Test
  void vonageSdkPublishedVectorsVerify() {
    Map<String, String> params = Map.of("a", "alphabet", "b", "bananas", "timestamp", "2100");

    assertThat(new VonageSignature("abcde", VonageSignatureMethod.MD5HASH).sign(params))
        .isEqualTo("7d43241108912b32cc315b48ce681acf");
    assertThat(new VonageSignature("abcde", VonageSignatureMethod.SHA256).sign(params))
        .isEqualTo("8d1b0428276b6a070578225914c3502cc0687a454dfbbbb370c76a14234cb546");
    assertThat(new VonageSignature("abcde", VonageSignatureMethod.MD5HASH)
        .verify(Map.of("a", "alphabet", "b", "", "timestamp", "2100"), "a3368bf718ba104dcb392d8877e8eb2b")).isTrue();
    assertThat(new VonageSignature("abcde", VonageSignatureMethod.SHA256)
        .verify(params, "8D1B0428276B6A070578225914C3502CC0687A454DFBBBB370C76A14234CB546")).isTrue();
    assertThat(VonageSignature.canonical(Map.of("text", "a=b&c", "sig", "x"))).isEqualTo("&text=a_b_c");
  }

  @Test
  void signedGetReceiptIsAcceptedAndParsedIntoADeliveredReport() throws Exception {
    Map<String, String> signed = signedSha256(receipt("delivered", "0", NOW.minusSeconds(2)), SECRET);

    WebhookResult result = receiver().receive(get(signed, HERALD_ID));

    assertThat(result.status()).isEqualTo(200);
    StatusReport report = result.reports().get(0);
    assertThat(report.provider()).isEqualTo("vonage");
    assertThat(report.providerMessageId()).isEqualTo("0C000000217B7F02");
    assertThat(report.messageId()).isEqualTo(HERALD_ID);
    assertThat(report.status()).isEqualTo(MessageStatus.DELIVERED);
    assertThat(report.errorCode()).isNull();
    assertThat(report.occurredAt()).isEqualTo(Instant.parse("2026-03-01T10:19:58Z"));
    assertThat(report.eventKey()).isEqualTo("0C000000217B7F02:delivered");
    assertThat(report.eventType()).isEqualTo("delivered");
    assertThat(report.price()).isEqualByComparingTo(new BigDecimal("0.0333"));
    assertThat(report.priceCurrency()).isEqualTo("EUR");
    assertThat(report.payload()).contains("messageId=0C000000217B7F02").contains("sig=");
  }

  @Test
  void receiptSignedIncludingHeraldsCallbackParameterIsAlsoAccepted() throws Exception {
    Map<String, String> params = receipt("delivered", "0", NOW);
    params.put("herald_message_id", HERALD_ID);
    Map<String, String> signed = signedSha256(params, SECRET);

    assertThat(receiver().receive(get(signed, null)).status()).isEqualTo(200);
  }

  @Test
  void signedFormPostIsAccepted() throws Exception {
    Map<String, String> signed = signedSha256(receipt("expired", "1", NOW.minusSeconds(60)), SECRET);

    WebhookResult result = receiver().receive(postForm(signed));

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.reports().get(0).status()).isEqualTo(MessageStatus.UNDELIVERED);
    assertThat(result.reports().get(0).errorCode()).isEqualTo("1");
    assertThat(result.reports().get(0).payload()).startsWith("msisdn=447700900000&");
  }

  @Test
  void signedJsonPostIsAccepted() throws Exception {
    Map<String, String> signed = signedSha256(receipt("rejected", "6", NOW.plusSeconds(30)), SECRET);
    String json = signed.entrySet().stream()
        .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
        .collect(Collectors.joining(",", "{", "}"));

    WebhookResult result = receiver().receive(postJson(json));

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.reports().get(0).status()).isEqualTo(MessageStatus.FAILED);
    assertThat(result.reports().get(0).payload()).isEqualTo(json);
  }

  @ParameterizedTest
  @CsvSource({"delivered,DELIVERED", "expired,UNDELIVERED", "failed,UNDELIVERED", "rejected,FAILED",
      "accepted,SENT", "buffered,SENT", "unknown,"})
  void vonageStatusesMapToHeraldStatuses(String vonage, MessageStatus herald) throws Exception {
    Map<String, String> signed = signedSha256(receipt(vonage, "0", NOW), SECRET);

    assertThat(receiver().receive(get(signed, HERALD_ID)).reports().get(0).status()).isEqualTo(herald);
  }

  @Test
  void md5HashMethodIsVerifiedWhenConfigured() {
    Map<String, String> params = receipt("delivered", "0", NOW);
    Map<String, String> signed = new LinkedHashMap<>(params);
    signed.put("sig", new VonageSignature(SECRET, VonageSignatureMethod.MD5HASH).sign(params));

    assertThat(receiver(Map.of("signature_method", "md5hash")).receive(get(signed, HERALD_ID)).status()).isEqualTo(200);
    assertThat(receiver().receive(get(signed, HERALD_ID)).status()).isEqualTo(403);
  }

  @Test
  void missingSigIsUnauthorized() {
    WebhookResult result = receiver().receive(get(receipt("delivered", "0", NOW), HERALD_ID));

    assertThat(result.status()).isEqualTo(401);
    assertThat(result.reports()).isEmpty();
  }

  @Test
  void receiptSignedWithAnotherSecretIsForbidden() throws Exception {
    Map<String, String> signed = signedSha256(receipt("delivered", "0", NOW), "someoneElsesSecret");

    WebhookResult result = receiver().receive(get(signed, HERALD_ID));

    assertThat(result.status()).isEqualTo(403);
    assertThat(result.reports()).isEmpty();
  }

  @Test
  void tamperedReceiptIsForbidden() throws Exception {
    Map<String, String> signed = signedSha256(receipt("failed", "1", NOW), SECRET);
    signed.put("status", "delivered");

    assertThat(receiver().receive(get(signed, HERALD_ID)).status()).isEqualTo(403);
  }

  @Test
  void replayedReceiptWithStaleTimestampIsForbidden() throws Exception {
    Map<String, String> signed = signedSha256(receipt("delivered", "0", NOW.minusSeconds(301)), SECRET);

    WebhookResult result = receiver().receive(get(signed, HERALD_ID));

    assertThat(result.status()).isEqualTo(403);
    assertThat(result.body()).contains("stale");
  }

  @Test
  void receiptWithoutTimestampIsForbidden() throws Exception {
    Map<String, String> params = receipt("delivered", "0", NOW);
    params.remove("timestamp");

    assertThat(receiver().receive(get(signedSha256(params, SECRET), HERALD_ID)).status()).isEqualTo(403);
  }

  @Test
  void withoutAConfiguredSignatureSecretEverySignedReceiptIsForbidden() throws Exception {
    Map<String, String> config = new HashMap<>();
    config.put("signature_secret", "");
    Map<String, String> signed = signedSha256(receipt("delivered", "0", NOW), SECRET);

    WebhookResult result = receiver(config).receive(get(signed, HERALD_ID));

    assertThat(result.status()).isEqualTo(403);
    assertThat(result.body()).contains("vonage.signature_secret");
  }

  @Test
  void signedReceiptWithoutMessageIdIsMalformed() throws Exception {
    Map<String, String> params = receipt("delivered", "0", NOW);
    params.remove("messageId");

    assertThat(receiver().receive(get(signedSha256(params, SECRET), HERALD_ID)).status()).isEqualTo(400);
  }

  @Test
  void unknownPathIsNotFound() {
    var request = new WebhookRequest("POST", "inbound", BASE, Map.of(), Map.of(), Map.of(), new byte[0], NOW);

    assertThat(receiver().receive(request).status()).isEqualTo(404);
  }

  /**
   * Vonage signs its own receipt fields, not a parameter added to the callback URL. A signed receipt
   * that names no Herald message (no {@code client-ref}) stays on the message its signed
   * {@code messageId} was recorded for at send, whatever {@code herald_message_id} is added.
   */
  @Test
  void heraldMessageIdAddedToASignedReceiptWithoutClientRefIsIgnored() throws Exception {
    Map<String, String> params = receipt("delivered", "0", NOW);
    params.remove("client-ref");

    WebhookResult result = receiver().receive(get(signedSha256(params, SECRET), OTHER_ID));

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.reports()).singleElement().satisfies(r -> {
      assertThat(r.messageId()).isNull();
      assertThat(r.providerMessageId()).isEqualTo("0C000000217B7F02");
    });
  }

  @Test
  void heraldMessageIdAddedToASignedReceiptLeavesItOnTheMessageItsClientRefNames() throws Exception {
    Map<String, String> signed = signedSha256(receipt("delivered", "0", NOW), SECRET);

    StatusReport plain = receiver().receive(get(signed, null)).reports().get(0);
    StatusReport added = receiver().receive(get(signed, OTHER_ID)).reports().get(0);

    assertThat(added.messageId()).isEqualTo(HERALD_ID);
    assertThat(added).usingRecursiveComparison().ignoringFields("payload").isEqualTo(plain);
  }
}
